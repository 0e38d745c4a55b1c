"""Origins (the unit of trust for credentials) and base URLs."""

from __future__ import annotations

import pytest

from typelink import ConfigurationError
from typelink.transport.urls import INVALID_ORIGIN, normalize_base_url, origin_of


def test_origins_and_base_urls() -> None:
    assert origin_of("https://API.example.com/x") == "https://api.example.com:443"
    assert origin_of("http://h:8080/") == "http://h:8080"
    assert normalize_base_url("https://h/api/v3") == "https://h/api/v3/"
    with pytest.raises(ConfigurationError):
        normalize_base_url("h/api")


def test_an_unparseable_url_has_an_origin_equal_to_no_other() -> None:
    origin = origin_of("https://h:99999/")
    assert origin.startswith(INVALID_ORIGIN)
    assert origin != origin_of("https://h/")
