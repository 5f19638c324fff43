import sys

from dlglossary.cli import main

sys.exit(main())
