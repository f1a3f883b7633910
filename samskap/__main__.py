"""Command-line entry point: `python -m samskap <tool> [args]`.

Tools that need the database set Django up themselves; pure analysis tools
(added under samskap/analysis/) run without it.
"""

from __future__ import annotations

import sys

from samskap.cli import TOOLS, main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], TOOLS))
