"""Random token-endpoint answers from a real local server: a Token or a CredentialError."""

from __future__ import annotations

import math

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.fixtures.servers import Reply, ScriptedServer
from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, examples
from typelink.auth import ClientCredentials, Token
from typelink.errors import CredentialError

token_bodies = st.one_of(
    s.bodies,
    st.fixed_dictionaries(
        {"access_token": s.json_values},
        optional={
            "expires_in": st.one_of(s.json_values, s.numberish),
            "token_type": s.json_values,
            "refresh_token": s.json_values,
            "scope": s.json_values,
            "error": s.json_values,
            "error_description": s.json_values,
        },
    ).map(s._dump),
)


@settings(FUZZ, max_examples=examples(100))
@example(status=200, content_type="application/json", body=s.DEEP)
@example(status=400, content_type="application/json", body=s.DEEP)
@given(
    status=st.one_of(st.just(200), s.statuses),
    content_type=s.content_types,
    body=token_bodies,
)
def test_any_token_answer_gives_a_token_or_a_credential_error(
    fuzz_server: ScriptedServer, status: int, content_type: str, body: bytes
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    fuzz_server.handler = lambda seen: Reply(status=status, body=body, headers=headers)
    provider = ClientCredentials(
        fuzz_server.url + "/token", "client-id", "s3cret-client-value", timeout=5
    )
    try:
        token = provider.fetch(None)
    except CredentialError as exc:
        assert "s3cret-client-value" not in str(exc)
        return
    finally:
        provider.close()
    assert isinstance(token, Token)
    assert isinstance(token.value, str) and token.value
    assert token.expires_at is None or math.isfinite(token.expires_at)
