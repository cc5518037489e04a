"""Store contract (memory and filesystem): resolving names, and the lease."""

from __future__ import annotations

import pytest

from samocode.application import InvalidSessionName, LeaseHeld, SessionNotFound, SessionStore

from .conftest import Harness


def test_both_stores_satisfy_the_port(harness: Harness) -> None:
    assert isinstance(harness.store, SessionStore)


def test_an_unknown_name_is_not_found_without_create(harness: Harness) -> None:
    with pytest.raises(SessionNotFound, match="nope"):
        harness.store.resolve("nope", create=False)


def test_a_created_session_resolves_to_the_same_folder_again(harness: Harness) -> None:
    created = harness.store.resolve("feature", create=True)
    assert created.name.endswith("feature")
    assert harness.store.resolve("feature", create=False) == created
    assert harness.store.resolve(created.name, create=False) == created


def test_an_exact_folder_wins_over_dated_ones(harness: Harness) -> None:
    harness.files.make_folder("feature")
    harness.files.make_folder("26-01-05-feature")
    assert harness.store.resolve("feature", create=False).name == "feature"


def test_the_newest_dated_folder_wins(harness: Harness) -> None:
    for folder in ("25-12-31-feature", "26-01-05-feature", "26-01-02-feature", "26-02-01-other"):
        harness.files.make_folder(folder)
    assert harness.store.resolve("feature", create=False).name == "26-01-05-feature"


@pytest.mark.parametrize(
    "name",
    [
        "",
        "a/b",
        "a\\b",
        "..",
        "x..y",
        ".hidden",
        "nul\0byte",
        "tab\there",
        "new\nline",
        "bell\x07",
        " padded",
        "x" * 300,
    ],
)
def test_names_that_are_not_plain_are_refused(harness: Harness, name: str) -> None:
    with pytest.raises(InvalidSessionName, match="invalid session name"):
        harness.store.resolve(name, create=True)


def test_a_held_lease_refuses_a_second_holder_and_names_the_first(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    assert harness.store.lease_holder(ref) is None
    with harness.store.lease(ref) as info:
        assert harness.store.lease_holder(ref) == info
        with pytest.raises(LeaseHeld, match=f"pid {info.pid}"), harness.store.lease(ref):
            pass
    assert harness.store.lease_holder(ref) is None
    with harness.store.lease(ref):
        pass


def test_a_lease_is_released_when_the_worker_fails(harness: Harness) -> None:
    ref = harness.store.resolve("s", create=True)
    with pytest.raises(RuntimeError), harness.store.lease(ref):
        raise RuntimeError("boom")
    assert harness.store.lease_holder(ref) is None
