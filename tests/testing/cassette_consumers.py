"""A tiny consumer-like module for ``typelink cassettes check`` (stands in for the core's
consumers until they are merged; the check resolves ``module:Class.method`` refs)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Owner(BaseModel):
    model_config = ConfigDict(extra="allow")
    login: str


class User(BaseModel):
    model_config = ConfigDict(extra="allow")
    login: str
    id: int
    owner: Owner | None = None


class Users:
    def get(self, login: str) -> User:
        raise NotImplementedError

    def list(self) -> list[User]:
        raise NotImplementedError

    def avatar(self, login: str) -> bytes:
        raise NotImplementedError
