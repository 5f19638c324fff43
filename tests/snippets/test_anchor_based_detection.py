"""Tests for snippets/anchor_based_detection.py: what the anchor-based-detection page claims."""

import pytest

from snippets.anchor_based_detection import (
    OBJECT_SIZES,
    best_anchor_iou,
    count_predictions,
    head_channels,
    main,
)
from snippets.prior_box import make_anchors


def test_anchor_count_for_640() -> None:
    """3 anchors per cell at strides 8/16/32 on 640 x 640: 3 * (80^2 + 40^2 + 20^2) = 25200."""
    assert count_predictions(640, (8, 16, 32), 3) == 25200
    assert count_predictions(640, (8, 16, 32), 1) == 8400
    level = make_anchors(640 // 32, 640 // 32, 32, (64.0,), (0.5, 1.0, 2.0))
    assert len(level) == 3 * 20**2


def test_head_channels() -> None:
    """YOLOv3's head has 3 * (5 + 80) = 255 channels; one prediction per cell needs 85."""
    assert head_channels(3, 80) == 255
    assert head_channels(1, 80) == 85


def test_small_objects_match_coarse_anchors_badly() -> None:
    """With anchors 32/64/128 at stride 16, objects of 8 and 16 px stay below IoU 0.3, and
    objects of 32 px and more all exceed 0.69, as the page says."""
    ious = [best_anchor_iou(s, 16, (32.0, 64.0, 128.0)) for s in OBJECT_SIZES]
    assert ious == sorted(ious)
    assert ious[0] == pytest.approx(8**2 / 32**2)
    assert ious[1] == pytest.approx(0.25)
    assert max(ious[:2]) < 0.3 and min(ious[2:]) > 0.69


def test_finer_level_with_small_anchors_fixes_it() -> None:
    """Adding a stride-8 level with 8 and 16 px anchors lifts both small objects above 0.5."""
    for size in OBJECT_SIZES[:2]:
        assert best_anchor_iou(size, 8, (8.0, 16.0)) > 0.5


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the anchor count and one row per object size."""
    main()
    out = capsys.readouterr().out
    assert "25200 anchors" in out
    assert out.count("\n") == 6 + len(OBJECT_SIZES)


def test_exercise_doubling_the_input_quadruples_the_anchors() -> None:
    """Exercise 1: 1280 x 1280 with the same strides gives 100800 anchors, 4 x 25200."""
    assert count_predictions(1280, (8, 16, 32), 3) == 100800
    assert count_predictions(1280, (8, 16, 32), 3) == 4 * count_predictions(640, (8, 16, 32), 3)


def test_exercise_head_channels_for_20_classes() -> None:
    """Exercise 2: 20 classes need 3 * 25 = 75 head channels with 3 anchors, 25 with one."""
    assert head_channels(3, 20) == 75
    assert head_channels(1, 20) == 25


@pytest.mark.parametrize(("size", "iou"), [(8, 1 / 16), (16, 1 / 4)])
def test_exercise_small_object_iou_is_the_area_ratio(size: int, iou: float) -> None:
    """Exercise 3: a small object inside the 32 px anchor has IoU (size / 32)^2: 0.0625, 0.25."""
    assert best_anchor_iou(size, 16, (32.0, 64.0, 128.0)) == pytest.approx(iou)
    assert iou == (size / 32) ** 2
