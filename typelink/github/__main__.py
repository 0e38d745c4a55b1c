"""``python -m typelink.github demo [--live [--record] --repo owner/name]``."""

from __future__ import annotations

import sys

from typelink.github.demo import main

if __name__ == "__main__":
    sys.exit(main())
