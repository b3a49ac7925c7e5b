"""Progress bars: transparent wrappers, visible only on a terminal."""

from __future__ import annotations

import pytest

from entitymatch.io import progress


def test_wraps_an_iterable_without_changing_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert list(progress(iter(range(5)), total=5, desc="pairs")) == [0, 1, 2, 3, 4]
    assert capsys.readouterr().err == ""  # stderr is captured, not a terminal


def test_manual_updates_in_a_with_block(capsys: pytest.CaptureFixture[str]) -> None:
    with progress(total=10, desc="blocks", unit="block", enabled=True) as bar:
        bar.update(4)
        bar.update(6)
        bar.refresh()  # tqdm throttles redraws; force the current state out
        assert bar.n == 10
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "blocks" in captured.err and "10/10" in captured.err and "block/s" in captured.err


def test_disabled_bar_still_counts(capsys: pytest.CaptureFixture[str]) -> None:
    with progress(total=3, enabled=False) as bar:
        bar.update(3)
    assert capsys.readouterr().err == ""
