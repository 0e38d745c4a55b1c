"""The reusing request builder builds what uplink's own builder builds: every GitHub example
call, declarations of every argument kind, random path values and calls, and ``urljoin``."""

from __future__ import annotations

import inspect
from typing import Annotated, Any
from urllib.parse import urljoin

import pytest
import uritemplate
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import FUZZ, examples
from tests.github.example_calls import bound_method, calls
from typelink import Body, Consumer, Form, Header, Model, Part, Query, get, post, query
from typelink._internal import uplink as _uplink
from typelink._internal.request_builder import CallBinder, _parse, join_url
from typelink.client.bound import BoundEndpoint
from typelink.github import GitHub

_utils: Any = __import__("uplink.utils", fromlist=["get_call_args"])


def uplinks_own(endpoint: BoundEndpoint, *args: Any, **kwargs: Any) -> Any:
    """The request as uplink's unmodified builder and ``define_request`` build it."""
    spec = endpoint.spec
    builder = _uplink.RequestBuilder(None, spec.converter_registry, endpoint.base_url)
    spec.definition.define_request(builder, args, kwargs)
    return (builder.method, builder.url, endpoint._encoder.encode(builder.info))


def outcome(build: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return build(*args, **kwargs)
    except Exception as exc:  # the same error type is expected both ways
        return ("raised", type(exc).__name__)


def test_every_github_example_call_is_built_as_uplink_builds_it() -> None:
    client = GitHub(token="ghp_" + "x" * 36)
    compared = 0
    for call in calls():
        endpoint = bound_method(client, call.attributes)
        ours = outcome(endpoint.build, **call.args)
        theirs = outcome(uplinks_own, endpoint, **call.args)
        assert ours == theirs, call.operation
        compared += 1
    assert compared > 100


class Item(Model):
    name: str
    size: int = 0


class Kinds(Consumer):
    @get("repos/{owner}/{repo}/contents/{+path}")
    def contents(self, owner: str, repo: str, path: str, ref: Query[str | None] = None) -> bytes:
        raise NotImplementedError

    @get("search")
    def search(
        self,
        q: Query[str],
        tags: Annotated[list[str], query("tag", explode=True)] = [],  # noqa: B006
        trace: Header[str | None] = None,
    ) -> bytes:
        raise NotImplementedError

    @post("items/{item_id}")
    def update(self, item_id: int, item: Body[Item], dry_run: Query[bool] = False) -> bytes:
        raise NotImplementedError

    @post("forms")
    def form(self, a: Form[str], b: Form[list[int]]) -> bytes:
        raise NotImplementedError

    @post("upload")
    def upload(self, file: Part[bytes], label: Part[str]) -> bytes:
        raise NotImplementedError


KIND_CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("contents", ("o", "r", "dir/file name.md"), {"ref": "main"}),
    ("contents", ("o",), {"repo": "r", "path": "a/b?c#d"}),
    ("contents", ("o", "r"), {}),  # a missing argument
    ("contents", ("o", "r", "p", "x", "extra"), {}),  # too many
    ("contents", ("o", "r", "p"), {"owner": "again"}),  # given twice
    ("contents", ("o", "r", "p"), {"unknown": 1}),
    ("contents", ("o", "r", "../etc"), {}),  # refused by the path encoder
    ("search", ("a b",), {"tags": ["x", "y"], "trace": "t-1"}),
    ("search", (), {"q": "é"}),
    ("update", (5, Item(name="n")), {"dry_run": True}),
    ("update", ("5", {"name": "n", "size": 2}), {}),
    ("form", ("x", [1, 2]), {}),
    ("upload", (b"data", "lbl"), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), KIND_CALLS)
def test_declarations_of_every_kind_are_built_as_uplink_builds_them(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    endpoint = getattr(Kinds(base_url="https://api.example.com/v3"), name)
    ours = outcome(endpoint.build, *args, **kwargs)
    theirs = outcome(uplinks_own, endpoint, *args, **kwargs)
    if name == "upload" and ours[0] != "raised":  # file parts are objects: compare their text
        ours, theirs = repr(ours), repr(theirs)
    assert ours == theirs


@settings(FUZZ, max_examples=examples(300))
@given(
    owner=st.text(min_size=1, max_size=8),
    path=st.text(alphabet="ab/.%?#:; é~", min_size=1, max_size=10),
)
def test_random_path_values(owner: str, path: str) -> None:
    endpoint = Kinds(base_url="https://api.example.com/v3/").contents
    ours = outcome(endpoint.build, owner, "r", path)
    theirs = outcome(uplinks_own, endpoint, owner, "r", path)
    assert ours == theirs


segments = st.sampled_from(
    ["a", "b1", "", ".", "..", "x:y", "?q=1", "#f", "%2e", "~u", "é", ";", "a;b", "..;"]
)
relatives = st.lists(segments, max_size=5).map("/".join)
bases = st.sampled_from(
    [
        "https://h/",
        "https://h/api/v3/",
        "https://h/api/v3",
        "https://h//x/",
        "https://h/a?x=1/",
        "http://h:8080/",
        "https://h/a/#f/",
    ]
)


@settings(FUZZ, max_examples=examples(500))
@given(base=bases, relative=relatives)
def test_join_url_is_urljoin(base: str, relative: str) -> None:
    assert join_url(base, relative) == urljoin(base, relative)


def sample(a: Any, b: Any, c: Any = 3, d: Any = None) -> None:
    raise NotImplementedError


def positional_only(a: Any, /, b: Any) -> None:
    raise NotImplementedError


call_args = st.lists(st.integers(0, 9), max_size=6).map(tuple)
call_kwargs = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(), max_size=3)


@settings(FUZZ, max_examples=examples(300))
@given(args=call_args, kwargs=call_kwargs)
def test_call_binder_is_uplinks_binding(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    binder = CallBinder(sample)
    bound = binder.bind(args, kwargs)
    try:
        expected = dict(_utils.get_call_args(sample, *args, **kwargs))
    except TypeError:
        assert bound is None
    else:
        assert bound is None or bound == expected
        assert bound is not None or not binder.usable


def test_an_unusual_signature_is_left_to_uplink() -> None:
    assert not CallBinder(positional_only).usable
    assert CallBinder(positional_only).bind((1, 2), {}) is None
    assert list(inspect.signature(sample).parameters) == list(CallBinder(sample).names)


_TEMPLATES = [
    "items/{id}",
    "{a}",
    "x/{a}/y/{b}.json",
    "{a}{b}",
    "x/{a}/{a}",
    "",
    "a/{b*}",
    "{+a}/x",
    "{a:2}",
    "{a=1}",
    "q{?a}",
    "{/a}",
]
_values = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=2),
)


@settings(FUZZ, max_examples=examples(500))
@given(
    template=st.sampled_from(_TEMPLATES),
    values=st.dictionaries(st.sampled_from(["a", "b", "id"]), _values),
)
def test_a_parsed_template_expands_as_uritemplate_does(
    template: str, values: dict[str, Any]
) -> None:
    """Plain ``{name}`` templates are filled in directly; the result (or the error) is
    uritemplate's, for text and every other kind of value."""
    parsed = _parse(template)
    assert parsed is not None
    theirs = outcome(uritemplate.URITemplate(template).expand, values)
    assert outcome(parsed.expand, values) == theirs


def test_only_plain_templates_are_filled_in_directly() -> None:
    plain = ["items/{id}", "{a}", "x/{a}/y/{b}.json", "{a}{b}", "x/{a}/{a}"]
    for template in _TEMPLATES:
        parsed = _parse(template)
        assert parsed is not None
        assert bool(parsed.names) is (template in plain), template
