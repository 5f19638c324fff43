import sys

from dlglossary.tools.cli import main

sys.exit(main())
