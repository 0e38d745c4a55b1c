"""Connection settings chosen the way ``requests`` chooses them, for aiohttp sessions.

An async client and its token requests connect through aiohttp, which reads neither
``requests``' CA bundle nor, unless trusted, the environment's proxies. These pick the same
proxy (the client's ``proxies``, else ``HTTPS_PROXY``/``HTTP_PROXY`` honouring ``NO_PROXY``)
and the same TLS verification (certifi's bundle, or the ``verify`` path) as ``requests``
would, so both transports connect alike.
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import Mapping
from typing import Any

from requests.utils import get_environ_proxies, select_proxy

__all__ = ["default_ssl_context", "proxy_for", "ssl_setting"]


def ssl_setting(verify: Any, cert: Any) -> ssl.SSLContext | bool:
    """aiohttp's ``ssl=``: False (no verification) or a context with the CA bundle
    ``requests`` would use and the client certificate."""
    if verify is False and cert is None:
        return False
    if isinstance(verify, str):
        import os

        context = (
            ssl.create_default_context(capath=verify)
            if os.path.isdir(verify)
            else ssl.create_default_context(cafile=verify)
        )
    else:
        import certifi

        context = ssl.create_default_context(cafile=certifi.where())
    if verify is False:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if cert is not None:
        certfile, keyfile = (cert, None) if isinstance(cert, str) else cert
        context.load_cert_chain(certfile, keyfile)
    return context


@functools.cache
def default_ssl_context() -> ssl.SSLContext | bool:
    """The TLS context of ``verify=True`` (built once: loading the CA bundle takes time)."""
    return ssl_setting(True, None)


def proxy_for(url: str, proxies: Mapping[str, str] | None, from_environment: bool) -> str | None:
    """The proxy ``requests`` would pick for ``url``: the client's ``proxies``, else (when
    the session trusts the environment) ``HTTPS_PROXY``/``HTTP_PROXY`` honouring ``NO_PROXY``."""
    if proxies:
        chosen = select_proxy(url, dict(proxies))
        if chosen:
            return chosen
    if from_environment:
        environment = get_environ_proxies(url)
        if environment:
            return select_proxy(url, environment)
    return None
