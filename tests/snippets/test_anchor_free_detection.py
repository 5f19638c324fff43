"""Tests for snippets/anchor_free_detection.py: what the anchor-free-detection page claims."""

import math

import pytest
import torch

from snippets.anchor_free_detection import (
    GROUND_TRUTH,
    IMAGE_SIZE,
    LEVELS,
    assign_points,
    centerness,
    count_ambiguous,
    grid_points,
    ltrb,
    main,
)

GTS = torch.tensor(GROUND_TRUTH, dtype=torch.float64)
POINTS = grid_points(IMAGE_SIZE, 8)


def test_ltrb_positive_exactly_inside_and_decodes_back() -> None:
    """(l, t, r, b) > 0 iff the point is inside; (x - l, y - t, x + r, y + b) is the box."""
    d = ltrb(POINTS, GTS)
    x, y = POINTS[:, None, 0], POINTS[:, None, 1]
    inside = (x > GTS[:, 0]) & (x < GTS[:, 2]) & (y > GTS[:, 1]) & (y < GTS[:, 3])
    assert torch.equal(d.min(dim=-1).values > 0, inside)
    decoded = torch.stack([x - d[..., 0], y - d[..., 1], x + d[..., 2], y + d[..., 3]], dim=-1)
    torch.testing.assert_close(decoded, GTS.expand_as(decoded))


def test_ambiguous_points_go_to_the_smaller_box() -> None:
    """On one level, the 9 points inside both boxes are ambiguous and all go to the smaller box."""
    labels = assign_points(POINTS, GTS)
    assert count_ambiguous(POINTS, GTS, 0.0, math.inf) == 9
    assert (labels == 1).sum().item() == 9
    assert (labels == 0).sum().item() == 55


def test_level_ranges_remove_ambiguity() -> None:
    """With FCOS-style ranges per level no point is ambiguous and each box has its own level."""
    per_level = []
    for stride, lo, hi in LEVELS:
        pts = grid_points(IMAGE_SIZE, stride)
        assert count_ambiguous(pts, GTS, lo, hi) == 0
        labels = assign_points(pts, GTS, lo, hi)
        per_level.append([(labels == g).sum().item() for g in range(len(GTS))])
    assert per_level == [[0, 9], [16, 0]]


def test_points_outside_every_box_are_negative() -> None:
    """A point outside all boxes is background (-1)."""
    far = torch.tensor([[1.0, 1.0], [63.0, 30.0]], dtype=torch.float64)
    assert assign_points(far, GTS).tolist() == [-1, -1]


def test_centerness() -> None:
    """Centre-ness is 1 at the box centre, in (0, 1) elsewhere, and small near an edge."""
    c = centerness(torch.tensor([[12.0, 12, 12, 12], [6, 16, 18, 8], [2, 2, 22, 22]]))
    assert c[0].item() == 1.0
    assert c[1].item() == pytest.approx(math.sqrt(6 / 18 * 8 / 16))
    assert c[2].item() == pytest.approx(2 / 22)


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the 8400 points vs 25200 anchors comparison."""
    main()
    assert "8400 points vs 25200 anchors" in capsys.readouterr().out


def test_exercise_centerness_on_the_vertical_centre_line() -> None:
    """Exercise 1: point (30, 20) in the small box: (l, t, r, b) = (12, 2, 12, 22),
    centre-ness sqrt(2 / 22) = 0.3015."""
    d = ltrb(torch.tensor([[30.0, 20.0]], dtype=torch.float64), GTS[1:])[:, 0]
    assert d[0].tolist() == [12.0, 2.0, 12.0, 22.0]
    assert centerness(d).item() == pytest.approx(math.sqrt(2 / 22))
    assert round(centerness(d).item(), 4) == 0.3015


def test_exercise_larger_inner_box_gives_16_ambiguous_points() -> None:
    """Exercise 2: with the inner box (10, 10, 42, 42), 4 x 4 = 16 stride-8 points are ambiguous,
    and all 16 go to the inner box."""
    gts = torch.tensor([GROUND_TRUTH[0], (10.0, 10.0, 42.0, 42.0)], dtype=torch.float64)
    assert count_ambiguous(POINTS, gts, 0.0, math.inf) == 16
    assert (assign_points(POINTS, gts) == 1).sum().item() == 16


def test_exercise_large_box_reaches_beyond_32_from_every_stride_8_point() -> None:
    """Exercise 3: every stride-8 point inside the large box has max(l, t, r, b) >= 34 > 32."""
    d = ltrb(POINTS, GTS[:1])[:, 0]
    inside = d.min(dim=-1).values > 0
    assert d.max(dim=-1).values[inside].min().item() == 34.0
