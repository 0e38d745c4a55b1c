"""Bounded content decoding: the same bytes as a whole-body decode, never more per piece."""

from __future__ import annotations

import gzip
import zlib

import pytest

from typelink._internal.decoding import DecodingError, decoder_for

TEXT = b'{"items": [' + b",".join(b'{"id": %d}' % i for i in range(5000)) + b"]}"


def decode_all(encoding: str, data: bytes, piece: int = 1000, feed: int = 7) -> bytes:
    decoder = decoder_for(encoding)
    assert decoder is not None
    out = b""
    for start in range(0, len(data), feed):
        chunk = decoder.decode(data[start : start + feed], piece)
        assert len(chunk) <= piece
        out += chunk
        while decoder.pending():
            chunk = decoder.decode(b"", piece)
            assert len(chunk) <= piece
            if not chunk:
                break
            out += chunk
    return out


def raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()


@pytest.mark.parametrize(
    ("encoding", "encoded"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT)),
        ("gzip", gzip.compress(TEXT[:1000]) + gzip.compress(TEXT[1000:])),  # two members
        ("deflate", zlib.compress(TEXT)),
        ("deflate", raw_deflate(TEXT)),  # "deflate" sent without the zlib wrapper
        ("GZIP , identity", gzip.compress(TEXT)),
        ("deflate, gzip", gzip.compress(zlib.compress(TEXT))),
    ],
)
def test_decoding_in_bounded_pieces_gives_the_whole_body(encoding, encoded):
    assert decode_all(encoding, encoded) == TEXT


def test_brotli_decodes_in_bounded_pieces():
    brotli = pytest.importorskip("brotli")
    assert decode_all("br", brotli.compress(TEXT)) == TEXT


def test_identity_and_unknown_encodings_are_left_as_sent():
    assert decoder_for(None) is None
    assert decoder_for("identity") is None
    assert decoder_for("compress") is None
    assert decoder_for("gzip, compress") is None


def test_garbage_is_a_decoding_error():
    decoder = decoder_for("gzip")
    assert decoder is not None
    with pytest.raises(DecodingError):
        decoder.decode(b"this is not gzip at all", 1000)
