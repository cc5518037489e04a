"""Which stderr lines are the CLIs' usual notices, and how they fold."""

from samocode.adapters.agents.known_stderr import NoticeFold, harmless


def test_the_codex_notices_are_known_and_real_errors_are_not() -> None:
    assert harmless("Reading additional input from stdin...")
    assert harmless("WARNING: proceeding, even though we could not create PATH aliases: x")
    assert not harmless("Reading additional input from stdin... and then it failed")
    assert not harmless("error: unexpected argument '--full-auto' found")


def test_a_fold_gives_one_line_once() -> None:
    fold = NoticeFold()
    assert fold.take() is None
    for n in range(10):
        fold.add(f"notice {n}")
    text = fold.take()
    assert text is not None and text.startswith("notice 0 · notice 1")
    assert text.endswith("notice 7 (and 2 more)")
    assert fold.take() is None
