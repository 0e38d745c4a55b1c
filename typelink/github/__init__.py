"""The typed GitHub REST client, built with typelink itself.

``models/`` is generated from GitHub's OpenAPI description (see ``operations.txt`` for the
operations it covers and ``overrides.json`` for the known corrections applied).
"""

from __future__ import annotations
