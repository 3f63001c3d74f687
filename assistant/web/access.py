"""Who may reach the web chat: the bind address and the optional login.

The chat binds to 127.0.0.1 unless told otherwise. A non-loopback address (a LAN IP,
``0.0.0.0``, a host name) exposes the documents, the uploads and the feedback file to the
network, so it is refused unless a login is configured (``ASSISTANT_WEB_AUTH_USER`` and
``ASSISTANT_WEB_AUTH_PASSWORD``) or ``ASSISTANT_ALLOW_PUBLIC_BIND=true`` says it is meant.
"""

from __future__ import annotations

import ipaddress

from retrieval.settings import Settings


class BindRefused(ValueError):
    """The chosen address would expose the chat without a login; the message says what to do."""


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``; everything else (0.0.0.0, names) is not."""
    name = host.strip().strip("[]").lower()
    if name in ("localhost", "localhost.localdomain", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def login(settings: Settings) -> tuple[str, str] | None:
    """The (user, password) pair from settings, or None when no login is configured.

    Half a login (a user without a password or the reverse) is an error, not "no login"."""
    user = settings.web_auth_user.get_secret_value()
    password = settings.web_auth_password.get_secret_value()
    if not user and not password:
        return None
    if not user or not password:
        raise BindRefused("set both ASSISTANT_WEB_AUTH_USER and ASSISTANT_WEB_AUTH_PASSWORD for a login, or neither")
    return user, password


def check_bind(host: str, settings: Settings) -> tuple[str, str] | None:
    """Return the login to use for ``host``; raise :class:`BindRefused` when it would be open to others."""
    auth = login(settings)
    if auth is None and not is_loopback(host) and not settings.allow_public_bind:
        raise BindRefused(
            f"refusing to serve on {host} without a login: anyone on the network could use the chat, "
            "read the documents and upload files. Set ASSISTANT_WEB_AUTH_USER and "
            "ASSISTANT_WEB_AUTH_PASSWORD, or ASSISTANT_ALLOW_PUBLIC_BIND=true if that is intended, "
            "or bind to 127.0.0.1."
        )
    return auth
