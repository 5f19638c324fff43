"""``python -m dlglossary``: the same program as the ``dlglossary`` command."""

import sys

from dlglossary.tools.cli import main

sys.exit(main())
