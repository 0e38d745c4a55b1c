"""Load cassette YAML with vcrpy's own safe loader, building the common nodes faster.

Most of the time to load a cassette goes into PyYAML's generic constructor, which is
written for every YAML feature (anchors, recursive structures, merge keys, Python tags)
and pays for them on each of the tens of thousands of scalars in a cassette. A cassette
is nearly always plain maps, lists, strings and integers.

:func:`load_yaml` lets vcrpy's loader (``vcr.serializers.yamlserializer``: libyaml's
parser, PyYAML's resolver, the safe constructor plus the few Python tags vcrpy accepts)
parse the text into nodes, then builds plain maps, lists, strings, integers, nulls and
booleans directly. Every other scalar (floats, ``!!binary``, timestamps, ``!!python/str``
...) is built by the loader itself. Anything else (an anchor used twice, a merge key, a
tagged map or list such as ``!!python/tuple``, a collection as a key) makes the whole
document go through the loader's own constructor, so the result is always exactly what
``yamlserializer.deserialize`` returns, and a refused tag is refused the same way.
"""

from __future__ import annotations

from typing import Any

from vcr.serializers import yamlserializer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_LOADER: Any = vars(yamlserializer)["_CassetteLoader"]  # what yamlserializer.deserialize uses

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_BOOLS = SafeConstructor.bool_values


class _Unusual(Exception):
    """The document needs the loader's full constructor."""


def _fast_tags_are_standard() -> bool:
    """Does the loader build these tags the way this module does (the safe constructor's)?"""
    expected = {
        _MAP: SafeConstructor.construct_yaml_map,
        _SEQ: SafeConstructor.construct_yaml_seq,
        _STR: SafeConstructor.construct_yaml_str,
        _INT: SafeConstructor.construct_yaml_int,
        _NULL: SafeConstructor.construct_yaml_null,
        _BOOL: SafeConstructor.construct_yaml_bool,
    }
    table = getattr(_LOADER, "yaml_constructors", {})
    return all(table.get(tag) is function for tag, function in expected.items()) and all(
        getattr(_LOADER, name, None) is getattr(SafeConstructor, name)
        for name in ("construct_scalar", "construct_mapping", "flatten_mapping")
    )


_FAST = _fast_tags_are_standard()


def load_yaml(text: str) -> Any:
    """``yamlserializer.deserialize(text)``, the same result, built faster."""
    if not _FAST:
        return yamlserializer.deserialize(text)
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _Builder(loader).build(node)
        except (_Unusual, RecursionError):
            return loader.construct_document(node)
    finally:
        loader.dispose()


class _Builder:
    """Builds one document's nodes; raises :class:`_Unusual` at anything uncommon."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.seen: set[int] = set()

    def build(self, node: Node) -> Any:
        if type(node) is ScalarNode:
            return self.scalar(node)
        if id(node) in self.seen:
            raise _Unusual  # an anchor used twice: keep the loader's shared objects
        self.seen.add(id(node))
        if type(node) is MappingNode and node.tag == _MAP:
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not ScalarNode or key_node.tag not in (_STR, _INT):
                    raise _Unusual  # merge keys, "=" keys, collections or odd keys
                result[self.scalar(key_node)] = self.build(value_node)
            return result
        if type(node) is SequenceNode and node.tag == _SEQ:
            return [self.build(item) for item in node.value]
        raise _Unusual

    def scalar(self, node: ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            return value
        if tag == _INT and value.isascii() and value.isdigit() and value[:1] != "0":
            return int(value)
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return _BOOLS[value.lower()]
        return self.loader.construct_object(node, deep=True)
