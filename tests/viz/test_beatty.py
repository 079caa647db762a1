"""Tests for viz/beatty.py on real phoenix-sim output: slot sequences,
exact lags agreeing with phoenix-sim --lag, the figure's content (axes,
markers, lines and their values), the files written, and bad input."""

import math
import os
import sys

import pytest

SOURCE = os.environ.get("PHOENIX_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE, "viz"))

import beatty  # noqa: E402

SIM = os.path.join(os.environ.get("PHOENIX_BUILD", os.path.join(SOURCE, "build")),
                   "sim", "phoenix-sim")

pytestmark = pytest.mark.skipif(not os.path.exists(SIM), reason="phoenix-sim not built")


def floor_n_phi(n):
    return (n + math.isqrt(5 * n * n)) // 2


def test_slots_and_wythoff():
    seq = beatty.run_slots("beatty", [987, 610], 500, SIM)
    assert len(seq) == 500 and set(seq) == {0, 1}
    heavy = [t + 1 for t, who in enumerate(seq) if who == 0]
    assert heavy == [floor_n_phi(n) for n in range(1, len(heavy) + 1)]


def test_lag_series_matches_sim():
    weights = [7, 5, 3, 1]
    for policy in ("beatty", "stride", "eevdf", "lottery"):
        seq = beatty.run_slots(policy, weights, 400, SIM, seed=3)
        series = beatty.lag_series(seq, weights)
        assert len(series) == 4 and all(len(s) == 400 for s in series)
        # After each slot the lags sum to zero.
        assert all(sum(s[t] for s in series) == 0 for t in range(400))
        mine = [max(abs(x) for x in s) for s in series]
        theirs = beatty.run_lag(policy, weights, 400, SIM, seed=3)
        for a, b in zip(mine, theirs):
            assert abs(float(a) - b) < 1e-6  # the sim truncates to 6 decimals
        if policy == "beatty":
            assert max(mine) < 1


def test_figure_content():
    weights = [5, 3, 2, 1]
    fig, seqs = beatty.make_figure(weights, 55, sim=SIM)
    axes = fig.get_axes()
    assert len(axes) == 6
    assert set(seqs) == {"beatty", "stride", "lottery"}
    for col, policy in enumerate(("beatty", "stride", "lottery")):
        top, bottom = axes[col], axes[3 + col]
        assert policy in top.get_title()
        # One scatter per task; markers add up to the slots, at the right rows.
        cols = top.collections
        assert len(cols) == 4
        assert sum(len(c.get_offsets()) for c in cols) == 55
        for i, c in enumerate(cols):
            assert all(y == i for _, y in c.get_offsets())
            assert len(c.get_offsets()) == seqs[policy].count(i)
        lines = bottom.get_lines()
        task_lines = [ln for ln in lines if len(ln.get_xdata()) == 55]
        assert len(task_lines) == 4
        worst = max(max(abs(y) for y in ln.get_ydata()) for ln in task_lines)
        if policy == "beatty":
            assert worst < 1
    beatty.plt.close(fig)


def test_main_writes_png_and_svg(tmp_path):
    out = str(tmp_path / "fig")
    assert beatty.main(["--weights", "3,2,1", "--slots", "30", "--sim", SIM, "--out", out]) == 0
    with open(out + ".png", "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    with open(out + ".svg") as f:
        svg = f.read()
    assert "<svg" in svg and "beatty" in svg


def test_bad_input(tmp_path, capsys):
    out = str(tmp_path / "x")
    assert beatty.main(["--policies", "nope", "--sim", SIM, "--out", out]) == 2
    assert "unknown policy" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        beatty.main(["--weights", "3,0"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        beatty.main(["--help"])
    assert e.value.code == 0
    assert not os.path.exists(out + ".png")
