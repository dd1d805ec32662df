"""``python -m nnbook``: see nnbook.cli."""

import sys

from nnbook.cli import main

sys.exit(main())
