"""Real Django cache backends for the Django token store tests, configured without a project.

``cache_settings`` gives one entry of Django's ``CACHES`` setting; ``backend`` builds it the
way ``django.core.cache.caches[alias]`` does, and ``proxy`` the way
``django.core.cache.cache`` does (a ConnectionProxy), without touching global settings.
Spawned worker processes call :func:`configure` and use the real ``django.core.cache.cache``.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.cache import CacheHandler
from django.utils.connection import ConnectionProxy

KINDS = ("locmem", "file", "redis")

BACKEND_CLASSES = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "file": "django.core.cache.backends.filebased.FileBasedCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def cache_settings(kind: str, directory: Path, redis_url: str = "") -> dict[str, Any]:
    """One ``CACHES`` entry: a fresh locmem name, a file cache in ``directory``, or Redis."""
    location = {
        "locmem": f"typelink-test-{uuid.uuid4().hex}",
        "file": str(directory / "django-cache"),
        "redis": redis_url,
        "dummy": "",
    }[kind]
    return {"BACKEND": BACKEND_CLASSES[kind], "LOCATION": location}


def settings_for_test(kind: str, request: Any, tmp_path: Path) -> dict[str, Any]:
    """``cache_settings`` inside a test: Redis gets the session's server, emptied."""
    redis_url = ""
    if kind == "redis":
        request.getfixturevalue("redis_client")  # empties the database
        redis_url = request.getfixturevalue("redis_url")
    return cache_settings(kind, tmp_path, redis_url)


def backend(settings: dict[str, Any]) -> Any:
    """A new backend object for ``settings`` (another process would have its own)."""
    return CacheHandler({"default": settings})["default"]


def proxy(settings: dict[str, Any]) -> Any:
    """What ``from django.core.cache import cache`` gives when ``settings`` is the default."""
    return ConnectionProxy(CacheHandler({"default": settings}), "default")


def configure(settings: dict[str, Any]) -> None:
    """Configure Django in a spawned worker, as a project's settings module would."""
    from django.conf import settings as django_settings

    django_settings.configure(CACHES={"default": settings})
