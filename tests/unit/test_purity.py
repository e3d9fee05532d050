"""The guards of tests/unit/conftest.py fail what they are meant to fail."""
from __future__ import annotations

import os
import socket

import pytest


def test_the_import_check_finds_forbidden_imports_at_any_depth(purity_guard):
    _, forbidden_imports, _ = purity_guard
    source = (
        "import json\n"
        "import subprocess\n"
        "from chalicelib.adapters.pdf import notice_layout\n"
        "from chalicelib.adapters import store\n"
        "from chalicelib.adapters import clock\n"
        "def later():\n"
        "    import boto3.session\n"
        "    from pyhanko.sign import signers\n"
        "from . import helpers\n"
    )
    assert forbidden_imports(source) == ["2: subprocess", "3: chalicelib.adapters.pdf", "4: chalicelib.adapters.store",
                                         "7: boto3.session", "8: pyhanko.sign"]
    assert forbidden_imports("import subprocessing, botocorex\nfrom chalicelib.adapters import pdfx\n") == []


def test_starting_a_process_fails_the_test_even_when_the_error_is_caught(purity_guard):
    guard, _, impure = purity_guard
    with pytest.raises(impure, match=r"os\.system"):
        os.system("true")  # noqa: S605 - what the guard must refuse
    with pytest.raises(impure, match=r"os\.posix_spawn"):
        os.posix_spawn("/bin/true", ["true"], {})
    assert [event.split("(")[0] for event in guard.seen] == ["os.system", "os.posix_spawn"]
    guard.seen.clear()  # what the guard's teardown would otherwise fail this test for


def test_a_network_connection_fails_the_test(purity_guard):
    guard, _, impure = purity_guard
    with socket.socket() as client, pytest.raises(impure, match=r"socket\.connect"):
        client.connect(("127.0.0.1", 9))
    with pytest.raises(impure, match=r"socket\.getaddrinfo"):
        socket.getaddrinfo("dynamodb.ap-northeast-1.amazonaws.com", 443)
    assert len(guard.seen) == 2
    guard.seen.clear()


def test_the_guard_sleeps_outside_a_test(purity_guard):
    guard, _, _ = purity_guard
    assert guard.armed
    guard.armed = False
    try:
        guard("os.system", (b"true",))  # what the hook sees when a session fixture starts DynamoDB Local
    finally:
        guard.armed = True
    assert guard.seen == []
