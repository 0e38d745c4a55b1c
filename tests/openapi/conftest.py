"""A small hand-written OpenAPI description exercising every generator rule."""

from __future__ import annotations

import copy
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from typelink.openapi.generate import generate_models

USER = {
    "title": "User",
    "description": "A person.",
    "type": "object",
    "properties": {
        "login": {"type": "string"},
        "id": {"type": "integer", "format": "int64"},
        "name": {"type": "string", "nullable": True},
        "site": {"type": "string", "format": "uri"},
    },
    "required": ["login", "id", "name"],
}

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Pet Shop", "version": "1.2.3"},
    "servers": [{"url": "https://pets.example"}],
    "paths": {
        "/pets/{pet_id}": {
            "parameters": [{"name": "pet_id", "in": "path", "required": True}],
            "get": {
                "operationId": "pets/get",
                "tags": ["pets"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/pet"},
                                "examples": {
                                    "default": {"value": {"$ref": "#/components/examples/pet"}}
                                },
                            }
                        },
                    },
                    "404": {"description": "missing"},
                },
            },
            "patch": {
                "operationId": "pets/update",
                "tags": ["pets"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "name": {"type": "string"},
                                    "_links": {"type": "object", "additionalProperties": True},
                                },
                                "oneOf": [{"required": ["name"]}, {"required": ["_links"]}],
                            },
                            "example": {"name": "Rex"},
                        }
                    },
                },
                "responses": {"204": {"description": "done"}},
            },
            "delete": {
                "operationId": "pets/delete",
                "tags": ["pets"],
                "responses": {"204": {"description": "gone"}},
            },
        },
        "/owners/me": {
            "get": {
                "operationId": "owners/me",
                "tags": ["owners"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "allOf": [
                                        {"$ref": "#/components/schemas/user"},
                                        {
                                            "type": "object",
                                            "properties": {"plan": {"type": "string"}},
                                        },
                                    ]
                                },
                                "example": {"login": "ann", "id": 1, "name": None, "plan": "pro"},
                            }
                        },
                    }
                },
            }
        },
        "/owners/{login}/pets": {
            "get": {
                "operationId": "owners/list-pets",
                "tags": ["owners"],
                "parameters": [
                    {"name": "login", "in": "path", "required": True},
                    {"name": "q", "in": "query", "required": True, "schema": {"example": "x"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/pet"},
                                },
                                "example": [],
                            }
                        },
                    }
                },
            }
        },
        "/render": {
            "post": {
                "operationId": "render",
                "requestBody": {
                    "content": {"text/plain": {"schema": {"type": "string"}, "example": "*hi*"}}
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "text/html": {"schema": {"type": "string"}, "example": "<p>hi</p>"}
                        },
                    }
                },
            }
        },
    },
    "components": {
        "examples": {
            "pet": {
                "value": {
                    "id": 7,
                    "name": "Rex",
                    "kind": "dog",
                    "owner": None,
                    "born_at": "2020-01-02T03:04:05Z",
                    "tags": ["a", {"label": "b"}],
                    "scores": {"speed": 3},
                    "+1": 2,
                    "class": "mammal",
                    "json": "x",
                    "date": "2020-01-02",
                    "_links": {"self": "https://pets.example/pets/7"},
                    "links": "also here",
                    "added_later": True,
                }
            }
        },
        "schemas": {
            "user": USER,
            "nullable-user": {**copy.deepcopy(USER), "nullable": True},
            "kind": {"type": "string", "enum": ["dog", "cat"], "description": "Species."},
            "pet": {
                "type": "object",
                "description": "A pet.",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string", "description": "Call name."},
                    "kind": {"$ref": "#/components/schemas/kind"},
                    "owner": {"$ref": "#/components/schemas/nullable-user"},
                    "born_at": {"type": "string", "format": "date-time"},
                    "tags": {
                        "type": "array",
                        "items": {
                            "oneOf": [
                                {"type": "string"},
                                {"type": "object", "properties": {"label": {"type": "string"}}},
                            ]
                        },
                    },
                    "scores": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "+1": {"type": "integer"},
                    "class": {"type": "string"},
                    "json": {"type": "string"},
                    "date": {"type": "string", "format": "date"},
                    "_links": {"type": "object", "additionalProperties": {"type": "string"}},
                    "links": {"type": "string"},
                    "mood": {"type": ["string", "null"], "enum": ["calm", "wild", None]},
                    "legacy": {"type": "boolean", "deprecated": True},
                    "extras": {
                        "allOf": [
                            {"type": "object", "properties": {"a": {"type": "integer"}}},
                            {
                                "type": "object",
                                "properties": {"b": {"type": "number"}},
                                "required": ["b"],
                            },
                        ]
                    },
                },
                "required": ["id", "name", "kind", "owner"],
            },
        },
    },
}


@pytest.fixture
def spec_file(tmp_path: Path) -> Path:
    """The description above, written as JSON."""
    path = tmp_path / "petshop.json"
    path.write_text(json.dumps(SPEC), encoding="utf-8")
    return path


ALL_OPERATIONS = [
    "pets/get",
    "pets/update",
    "pets/delete",
    "owners/me",
    "owners/list-pets",
    "render",
]


@pytest.fixture
def generate(tmp_path: Path, spec_file: Path) -> Iterator[Callable[..., tuple[Path, ModuleType]]]:
    """Generate a package (or module) into tmp_path and import it."""
    added: list[str] = []

    def run(output: str = "petmodels", **kwargs: Any) -> tuple[Path, ModuleType]:
        target = tmp_path / "out" / output
        generate_models(spec_file, kwargs.pop("operations", ALL_OPERATIONS), target, **kwargs)
        root = str(tmp_path / "out")
        if root not in sys.path:
            sys.path.insert(0, root)
            added.append(root)
        name = output.removesuffix(".py")
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]
        importlib.invalidate_caches()
        return target, importlib.import_module(name)

    yield run
    for root in added:
        sys.path.remove(root)
