"""A small typelink consumer whose cassettes the plugin and ``cassettes check`` tests use."""

from __future__ import annotations

from typelink import Client, Consumer, Model, get


class Owner(Model):
    login: str


class User(Model):
    login: str
    id: int
    owner: Owner | None = None


class Users(Consumer):
    @get("users/{login}")
    def fetch(self, login: str) -> User:
        raise NotImplementedError

    @get("users")
    def list_all(self) -> list[User]:
        raise NotImplementedError

    @get("users/{login}/avatar")
    def avatar(self, login: str) -> bytes:
        raise NotImplementedError


class Api(Client):
    base_url = "http://127.0.0.1:9/set-by-the-test"
    users: Users
