"""Reading request bodies at the HTTP edge: strict JSON, bounded size, no guessing."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import PortalError
from chalicelib.edge.web import MAX_BODY_BYTES, MAX_NESTING, json_body


@pytest.mark.parametrize("raw, code, status", [
    (None, "invalid_json", 400),
    (b"", "invalid_json", 400),
    (b"{", "invalid_json", 400),
    (b"\xff\xfe{}", "invalid_json", 400),  # not UTF-8
    (b'{"a": NaN}', "invalid_json", 400),
    (b'{"a": Infinity}', "invalid_json", 400),
    (b'{"a": 1, "a": 2}', "invalid_json", 400),  # duplicate keys: refuse, never pick one
    (b"[" * 100_000 + b"]" * 100_000, "payload_too_large", 413),
    (b'{"a": "' + b"x" * MAX_BODY_BYTES + b'"}', "payload_too_large", 413),
])
def test_bad_bodies_are_refused_with_a_code(raw, code, status):
    with pytest.raises(PortalError) as e:
        json_body(raw)
    assert (e.value.code, e.value.status) == (code, status)
    assert e.value.message  # a Japanese sentence for people


def test_deep_nesting_within_the_size_limit_is_refused_not_crashed():
    with pytest.raises(PortalError) as e:
        json_body(b"[" * 30_000 + b"]" * 30_000)
    assert e.value.code == "invalid_json"


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 100, 500, 900])
def test_nesting_deeper_than_the_limit_is_refused_whatever_the_parser_allows(depth):
    # Python's parser takes these; every reader after it would have to recurse as deep.
    for raw in ('{"a":' * depth + "1" + "}" * depth, "[" * depth + "]" * depth):
        with pytest.raises(PortalError) as e:
            json_body(raw.encode())
        assert e.value.code == "invalid_json" and "入れ子" in e.value.message


def test_nesting_up_to_the_limit_is_read():
    assert json_body(("[" * MAX_NESTING + "]" * MAX_NESTING).encode()) is not None
    assert json_body(('{"a":' * MAX_NESTING + "1" + "}" * MAX_NESTING).encode())["a"]


def test_valid_json_is_returned_as_is():
    assert json_body('{"名前": "浅間建設", "n": 1}'.encode()) == {"名前": "浅間建設", "n": 1}
