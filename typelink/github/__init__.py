"""The typed GitHub REST client, built with typelink itself.

``GitHub`` is the client root; each resource group (``repos``, ``issues``, ``pulls``...) is
a consumer module here. ``models/`` is generated from GitHub's OpenAPI description
(``operations.txt`` lists the operations covered, ``overrides.json`` the known corrections);
every model is re-exported from :mod:`typelink.github.models`.
"""

from __future__ import annotations

from typelink.github.client import GitHub

__all__ = ["GitHub"]
