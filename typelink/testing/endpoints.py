"""Resolving the endpoint a cassette names, without letting the cassette choose code to run.

Each recorded interaction says which consumer method made it (``"package.module:Class.method"``)
and ``typelink cassettes check`` validates the recorded body against that method's return
type. The reference comes from the cassette, which anyone can edit, so before anything is
imported the reference must name, *by its file*, a decorated method of a class in a module
under the project being checked (or in typelink itself):

1. the reference is plain dotted names;
2. the module's file is found by path alone (``<root>/package/module.py``, roots being the
   project folder and its ``src/``) — nothing on ``sys.path`` elsewhere can be named;
3. that file's syntax tree holds the class and a decorated method of that name;
4. each package on the way is imported only after checking it is that very file, and an
   import that raises anything (``SystemExit`` included) is a refusal, never a pass;
5. the attribute reached is a typelink endpoint.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import sys
from collections.abc import Generator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import typelink
from typelink.declare.compiler import lookup_endpoint
from typelink.errors import DeclarationError

_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
MAX_SOURCE_BYTES = 4 * 1024 * 1024
TYPELINK_ROOT = Path(str(typelink.__file__)).resolve().parent.parent


class UntrustedEndpointError(LookupError):
    """A cassette names something that is not a declared endpoint of the checked project."""


def _split(ref: str) -> tuple[list[str], list[str]]:
    module, _, qualname = ref.partition(":")
    if not _DOTTED.fullmatch(module) or not _DOTTED.fullmatch(qualname):
        raise UntrustedEndpointError(f"{ref!r} is not of the form 'package.module:Class.method'")
    return module.split("."), qualname.split(".")


def _roots(modules: list[str], project: Path) -> list[Path]:
    if modules[0] == "typelink":
        return [TYPELINK_ROOT]
    return [project, project / "src"]


def _module_files(root: Path, modules: list[str]) -> list[Path] | None:
    """The file (or namespace folder) of each module on the way, found by path alone."""
    files: list[Path] = []
    folder = root
    for index, name in enumerate(modules):
        package = folder / name
        last = index == len(modules) - 1
        if (package / "__init__.py").is_file():
            files.append(package / "__init__.py")
        elif last and (folder / f"{name}.py").is_file():
            files.append(folder / f"{name}.py")
        elif package.is_dir() and not last:
            files.append(package)  # a namespace package
        else:
            return None
        folder = package
    return files


def _declares_method(source_file: Path, qualname: list[str]) -> bool:
    """Whether the file's syntax tree has ``class A: class B: @decorator def method``."""
    if source_file.stat().st_size > MAX_SOURCE_BYTES:
        return False
    try:
        tree = ast.parse(source_file.read_bytes(), filename=str(source_file))
    except (SyntaxError, ValueError):
        return False
    body: list[ast.stmt] = tree.body
    for depth, name in enumerate(qualname):
        last = depth == len(qualname) - 1
        kinds: tuple[type[ast.stmt], ...] = (
            (ast.FunctionDef, ast.AsyncFunctionDef) if last else (ast.ClassDef,)
        )
        found = next(
            (n for n in body if isinstance(n, kinds) and getattr(n, "name", None) == name), None
        )
        if found is None:
            return False
        if last:
            return bool(getattr(found, "decorator_list", None))
        body = getattr(found, "body", [])
    return False


@contextmanager
def _first_on_path(root: Path) -> Generator[None, None, None]:
    entry = str(root)
    sys.path.insert(0, entry)
    try:
        yield
    finally:
        with suppress(ValueError):  # the imported code may have removed it
            sys.path.remove(entry)


def _same_file(found: str | None, expected: Path) -> bool:
    return found is not None and Path(found).resolve() == expected.resolve()


def _import_checked(modules: list[str], files: list[Path]) -> None:
    """Import each module on the way, after checking it is the file that was vetted."""
    for index, expected in enumerate(files):
        name = ".".join(modules[: index + 1])
        module = sys.modules.get(name)
        if module is None:
            spec = importlib.util.find_spec(name)
            origin = None if spec is None else spec.origin
            locations = [] if spec is None else list(spec.submodule_search_locations or [])
        else:
            origin = getattr(module, "__file__", None)
            locations = list(getattr(module, "__path__", []) or [])
        namespace_ok = expected.is_dir() and any(_same_file(p, expected) for p in locations)
        if not (_same_file(origin, expected) or namespace_ok):
            raise UntrustedEndpointError(
                f"module {name!r} would be imported from {origin or 'elsewhere'}, "
                f"not from {expected}"
            )
        try:
            importlib.import_module(name)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit too: a failed import is never a pass
            raise UntrustedEndpointError(
                f"importing {name!r} failed: {type(exc).__name__}: {exc}"
            ) from None


def resolve_endpoint(ref: str, project: Path) -> Any:
    """The compiled declaration behind ``ref`` (a ``typelink.declare`` ``EndpointSpec``).

    Raises :class:`UntrustedEndpointError` saying why nothing was (or could be) imported.
    """
    modules, qualname = _split(ref)
    for root in _roots(modules, project.resolve()):
        files = _module_files(root, modules)
        if files is not None:
            break
    else:
        raise UntrustedEndpointError(
            f"{'.'.join(modules)!r} is not a module under {project} (nothing imported)"
        )
    if not _declares_method(files[-1], qualname):
        raise UntrustedEndpointError(
            f"{files[-1]} declares no decorated method {'.'.join(qualname)} (nothing imported)"
        )
    with _first_on_path(root):
        _import_checked(modules, files)
    try:
        return lookup_endpoint(ref)
    except DeclarationError as exc:
        raise UntrustedEndpointError(str(exc)) from None
