"""The whole generator in one call: description + operation ids -> model source files.

This is what ``typelink openapi models`` runs; it is importable so a build script or a test
can generate models without a subprocess. :func:`load_models` stops before writing, for
tools that need the model set itself (a client generator, the benchmarks).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from typelink.openapi.header import Header, is_generated, shell_command
from typelink.openapi.loader import OpenAPIDocument, load_document
from typelink.openapi.modelgen import build_models
from typelink.openapi.opening import open_response_enums
from typelink.openapi.overrides import apply_overrides, load_overrides
from typelink.openapi.render import render_module, render_package
from typelink.openapi.required import RequiredChange, intersect_required
from typelink.openapi.select import select_operations
from typelink.openapi.types import ModelSet

__all__ = ["GeneratedModels", "format_with_ruff", "generate_models", "load_models"]


@dataclass
class GeneratedModels:
    """A model set plus what the generator changed on the way, for reports."""

    doc: OpenAPIDocument
    model_set: ModelSet
    opened_enums: list[str] = field(default_factory=list)
    made_optional: RequiredChange = field(default_factory=RequiredChange)


def load_models(
    spec: str | Path,
    operation_ids: Sequence[str],
    *,
    overrides: str | Path | None = None,
    also_required_in: Sequence[str | Path] = (),
    open_enums: bool = True,
    error_bodies: bool = False,
) -> GeneratedModels:
    """Load, correct and select a description and build its models, without writing.

    ``also_required_in``: other descriptions of the same API (e.g. each GitHub Enterprise
    Server release); a property is required only if every one of them requires it too.
    ``open_enums``: response enums accept values the description does not list.
    ``error_bodies``: also build the bodies of error responses (for declared error classes).
    """
    doc = load_document(spec)
    if overrides is not None:
        doc = apply_overrides(doc, load_overrides(overrides))
    made_optional = RequiredChange()
    if also_required_in:
        others = [load_document(path) for path in also_required_in]
        doc, made_optional = intersect_required(doc, others)
    selected = select_operations(doc, operation_ids, error_bodies=error_bodies)
    model_set = build_models(doc, selected)
    opened = open_response_enums(model_set) if open_enums else []
    return GeneratedModels(doc, model_set, opened, made_optional)


def generate_models(
    spec: str | Path,
    operation_ids: Sequence[str],
    output: str | Path,
    *,
    module_doc: str | None = None,
    command: str | None = None,
    source_name: str | None = None,
    overrides: str | Path | None = None,
    also_required_in: Sequence[str | Path] = (),
    open_enums: bool = True,
    run_formatter: bool = True,
    error_bodies: bool = False,
) -> list[Path]:
    """Write models for ``operation_ids`` of ``spec`` to ``output`` and return the files.

    ``output`` ending in ``.py`` gives one module; anything else is a package directory with
    one module per operation group (first tag, else path prefix), a ``common`` module for
    models several groups share, an ``__init__`` re-exporting every name and an ``_index``
    module mapping each operationId to its body types. ``overrides`` is a JSON file of known
    corrections to the description (see :mod:`typelink.openapi.overrides`);
    ``error_bodies`` adds the models of error response bodies. Generated modules left over
    from an earlier run are removed; hand-written files are never touched.
    """
    generated = load_models(
        spec,
        operation_ids,
        overrides=overrides,
        also_required_in=also_required_in,
        open_enums=open_enums,
        error_bodies=error_bodies,
    )
    doc, model_set = generated.doc, generated.model_set
    target = Path(output)
    header = Header(
        source=source_name or Path(spec).name,
        title=doc.title,
        version=doc.version,
        command=command or _default_command(spec, operation_ids, target),
        overrides=str(overrides) if overrides is not None else "",
        required_in=tuple(Path(path).name for path in also_required_in),
    )
    package_doc = module_doc or _default_doc(doc.title, doc.version)
    if target.suffix == ".py":
        files = {target: render_module(model_set, model_set.definitions, header, package_doc)}
    else:
        rendered = render_package(model_set, header, package_doc)
        files = {target / name: text for name, text in rendered.items()}
        _remove_stale(target, set(files))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    written = sorted(files)
    if run_formatter:
        format_with_ruff(written)
    return written


def format_with_ruff(paths: Sequence[Path]) -> bool:
    """Sort imports and format with ruff when it is installed; ``False`` when it is not.

    The renderer already emits close-to-final code; ruff settles line wrapping of long
    annotations so the output passes ``ruff format --check`` in any project.
    """
    ruff = shutil.which("ruff") or _ruff_next_to_python()
    if ruff is None or not paths:
        return False
    names = [str(p.resolve()) for p in paths]
    # Run next to the output: without a ruff configuration above the files, ruff takes the
    # working directory as the project root, and that decides which imports are first-party.
    where = Path(os.path.commonpath([str(p.resolve().parent) for p in paths])).parent
    subprocess.run(
        [ruff, "check", "--quiet", "--fix", "--select", "I,F401,RUF022", "--exit-zero", *names],
        check=True,
        cwd=where,
    )
    subprocess.run([ruff, "format", "--quiet", *names], check=True, cwd=where)
    return True


def _ruff_next_to_python() -> str | None:
    candidate = Path(sys.executable).with_name("ruff")
    return str(candidate) if candidate.exists() else None


def _remove_stale(directory: Path, keep: set[Path]) -> None:
    if not directory.is_dir():
        return
    for path in directory.glob("*.py"):
        if path in keep:
            continue
        with path.open(encoding="utf-8") as handle:
            if is_generated(handle.readline()):
                path.unlink()


def _default_command(spec: str | Path, operation_ids: Sequence[str], output: Path) -> str:
    words = ["typelink", "openapi", "models", str(spec)]
    words += ["--operations", ",".join(operation_ids), "--output", str(output)]
    return shell_command(words)


def _default_doc(title: str, version: str) -> str:
    described = f"{title} {version}".strip() or "the API"
    return f"Models for {described}, generated from its OpenAPI description."
