"""A service a test needs (a browser, Redis, gettext) is missing: on a laptop the test is
skipped with the reason; in CI (CI=true) that is a failure, never a skip."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def nicht_verfuegbar(grund: str):
    if IN_CI:
        pytest.fail(f"{grund} – CI=true, so this test must not be skipped.", pytrace=False)
    pytest.skip(grund)
