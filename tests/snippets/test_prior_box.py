"""Tests for snippets/prior_box.py: the claims the prior-box page makes."""

import math

import pytest
import torch

from snippets.prior_box import (
    decode,
    encode,
    main,
    make_anchors,
    ssd300_box_count,
    ssd300_boxes_per_map,
    ssd300_released_scales,
    ssd_scales,
)

SIZES = (16.0, 32.0)
RATIOS = (0.5, 1.0, 2.0)
ANCHORS = make_anchors(4, 5, 8, SIZES, RATIOS)


def test_anchor_count_and_order() -> None:
    """A 4x5 map with 2 sizes x 3 ratios gives 4*5*6 = 120 anchors, 6 per cell, row-major."""
    assert ANCHORS.shape == (120, 4)
    centres = (ANCHORS[:, :2] + ANCHORS[:, 2:]) / 2
    torch.testing.assert_close(centres[:6], torch.full((6, 2), 4.0, dtype=torch.float64))
    torch.testing.assert_close(centres[6], torch.tensor([12.0, 4.0], dtype=torch.float64))
    torch.testing.assert_close(centres[-1], torch.tensor([36.0, 28.0], dtype=torch.float64))


def test_area_is_size_squared_and_ratio_is_w_over_h() -> None:
    """Every anchor of size s has area s^2 whatever its ratio, and w / h equals the ratio."""
    cell = ANCHORS[:6]
    w, h = cell[:, 2] - cell[:, 0], cell[:, 3] - cell[:, 1]
    expected_area = torch.tensor([s * s for s in SIZES for _ in RATIOS], dtype=torch.float64)
    torch.testing.assert_close(w * h, expected_area)
    torch.testing.assert_close(w / h, torch.tensor(RATIOS * 2, dtype=torch.float64))


def test_border_anchors_cross_the_image() -> None:
    """Large anchors at border cells stick out of the image (negative coordinates)."""
    assert ANCHORS[:, :2].min().item() < 0


def test_ssd_scales() -> None:
    """s_min = 0.2, s_max = 0.9, m = 6 gives 0.2, 0.34, 0.48, 0.62, 0.76, 0.9."""
    assert ssd_scales() == pytest.approx([0.2, 0.34, 0.48, 0.62, 0.76, 0.9])


def test_ssd300_has_8732_default_boxes() -> None:
    """38^2*4 + 19^2*6 + 10^2*6 + 5^2*6 + 3^2*4 + 1^2*4 = 8732."""
    assert ssd300_box_count() == 8732


def test_encode_decode_round_trip() -> None:
    """decode(anchor, encode(anchor, box)) gives the box back; zero offsets give the anchor."""
    gen = torch.Generator().manual_seed(0)
    xy = torch.rand(120, 2, generator=gen, dtype=torch.float64) * 40
    boxes = torch.cat([xy, xy + 1 + torch.rand(120, 2, generator=gen, dtype=torch.float64) * 30], 1)
    torch.testing.assert_close(decode(ANCHORS, encode(ANCHORS, boxes)), boxes)
    torch.testing.assert_close(decode(ANCHORS, torch.zeros_like(ANCHORS)), ANCHORS)


def test_targets_are_relative_to_anchor_size() -> None:
    """The same pixel offset gives a target twice as small for an anchor twice as large."""
    small = torch.tensor([[0.0, 0, 10, 10]], dtype=torch.float64)
    large = torch.tensor([[0.0, 0, 20, 20]], dtype=torch.float64)
    t_small = encode(small, small + 2)
    t_large = encode(large, large + 2)
    assert t_small[0, 0].item() == pytest.approx(2 * t_large[0, 0].item())
    assert t_small[0, 2].item() == pytest.approx(math.log(1.0))


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the SSD300 box count and a successful round trip."""
    main()
    out = capsys.readouterr().out
    assert "SSD300 default boxes: 8732" in out
    assert "decode(anchor, targets) = [20, 4, 60, 36]" in out


def test_released_ssd300_scales() -> None:
    """Released SSD300: conv4_3 at 0.1, then the paper's rule from 0.2 to 0.88 on five maps."""
    released = ssd300_released_scales()
    assert len(released) == 6
    assert released[0] == pytest.approx(0.1)
    assert released[1:] == pytest.approx(ssd_scales(m=5, s_min=0.2, s_max=0.88))
    assert released[1:] == pytest.approx([0.2, 0.37, 0.54, 0.71, 0.88])
    assert released != pytest.approx(ssd_scales())


def test_exercise_two_thirds_of_ssd300_boxes_sit_on_the_38_map() -> None:
    """Exercise 1: the 38x38 map holds 5776 of the 8732 default boxes, 66.15 %."""
    per_map = ssd300_boxes_per_map()
    assert per_map == [5776, 2166, 600, 150, 36, 4]
    assert sum(per_map) == ssd300_box_count()
    assert 100 * per_map[0] / ssd300_box_count() == pytest.approx(66.15, abs=5e-3)


def test_exercise_ratio_two_box_keeps_the_area() -> None:
    """Exercise 2: size 32, ratio 2 gives w = 45.25, h = 22.63 and area 1024, like the square."""
    box = make_anchors(1, 1, 16, (32.0,), (2.0,))[0]
    w, h = (box[2] - box[0]).item(), (box[3] - box[1]).item()
    assert w == pytest.approx(32 * math.sqrt(2)) and round(w, 2) == 45.25
    assert h == pytest.approx(32 / math.sqrt(2)) and round(h, 2) == 22.63
    assert w * h == pytest.approx(1024.0)


def test_exercise_twice_as_wide_gives_tw_log_two() -> None:
    """Exercise 3: a ground truth with the anchor's centre and height but twice its width."""
    anchor = torch.tensor([[8.0, -8.0, 40.0, 24.0]], dtype=torch.float64)
    wide = torch.tensor([[-8.0, -8.0, 56.0, 24.0]], dtype=torch.float64)
    tx, ty, tw, th = encode(anchor, wide)[0].tolist()
    assert (tx, ty, th) == (0.0, 0.0, 0.0)
    assert tw == pytest.approx(math.log(2)) and round(tw, 4) == 0.6931
