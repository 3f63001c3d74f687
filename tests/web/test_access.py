"""Binding: loopback by default; anything else only with a login or an explicit opt-in."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from assistant.web.access import BindRefused, check_bind, is_loopback
from retrieval.settings import Settings


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
def test_loopback(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org", ""])
def test_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_default_settings_bind_loopback_without_login() -> None:
    s = Settings()
    assert s.web_host == "127.0.0.1" and s.web_port == 7860
    assert check_bind(s.web_host, s) is None


def test_public_bind_needs_login_or_opt_in() -> None:
    with pytest.raises(BindRefused, match="without a login"):
        check_bind("0.0.0.0", Settings())
    assert check_bind("0.0.0.0", Settings(allow_public_bind=True)) is None
    with_login = Settings(web_auth_user=SecretStr("ann"), web_auth_password=SecretStr("s3cret"))
    assert check_bind("0.0.0.0", with_login) == ("ann", "s3cret")


def test_half_a_login_is_an_error() -> None:
    with pytest.raises(BindRefused, match="both"):
        check_bind("127.0.0.1", Settings(web_auth_user=SecretStr("ann")))


def test_serve_refuses_before_opening_anything(tmp_path) -> None:
    from assistant.web.serve import serve

    with pytest.raises(BindRefused):
        serve(Settings(data_dir=tmp_path / "never-created"), host="0.0.0.0", port=1)
    assert not (tmp_path / "never-created").exists()


def test_settings_secrets_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_WEB_AUTH_USER", "ann")
    monkeypatch.setenv("ASSISTANT_WEB_AUTH_PASSWORD", "pw")
    s = Settings()
    assert "pw" not in repr(s) and s.web_auth_password.get_secret_value() == "pw"
