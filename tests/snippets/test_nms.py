"""Tests for snippets/nms.py: the claims the nms page makes."""

import pytest
import torch

from snippets.iou import box_iou
from snippets.nms import (
    batched_nms,
    chain_boxes,
    demo_boxes,
    main,
    nms,
    sigmoid_score,
    softmax_top_score,
    temperature_example,
)

GEN = torch.Generator().manual_seed(0)
XY = torch.rand(40, 2, generator=GEN, dtype=torch.float64) * 60
RANDOM_BOXES = torch.cat(
    [XY, XY + 10 + torch.rand(40, 2, generator=GEN, dtype=torch.float64) * 30], 1
)
RANDOM_SCORES = torch.rand(40, generator=GEN, dtype=torch.float64)


def test_demo_kept_indices() -> None:
    """On the six example boxes: 0.3 keeps [0, 3], 0.5 keeps [0, 3, 2], 0.9 keeps all six."""
    boxes, scores = demo_boxes()
    assert nms(boxes, scores, 0.3).tolist() == [0, 3]
    assert nms(boxes, scores, 0.5).tolist() == [0, 3, 2]
    assert nms(boxes, scores, 0.7).tolist() == [0, 3, 2, 4]
    assert sorted(nms(boxes, scores, 0.9).tolist()) == list(range(6))


@pytest.mark.parametrize("t", [0.2, 0.5, 0.8])
def test_greedy_nms_invariants(t: float) -> None:
    """Kept boxes overlap each other by <= t; each dropped box overlaps a better kept one by > t."""
    keep = nms(RANDOM_BOXES, RANDOM_SCORES, t)
    iou = box_iou(RANDOM_BOXES, RANDOM_BOXES)
    kept_iou = iou[keep][:, keep] - torch.eye(len(keep), dtype=torch.float64)
    assert bool((kept_iou <= t).all())
    assert bool((RANDOM_SCORES[keep][1:] <= RANDOM_SCORES[keep][:-1]).all())
    for i in set(range(40)) - set(keep.tolist()):
        assert bool(((iou[i, keep] > t) & (RANDOM_SCORES[keep] > RANDOM_SCORES[i])).any())


def test_top_box_is_always_kept_and_threshold_one_keeps_all() -> None:
    """The highest-scoring box always survives; with threshold 1 nothing is suppressed."""
    assert nms(RANDOM_BOXES, RANDOM_SCORES, 0.0)[0].item() == RANDOM_SCORES.argmax().item()
    assert len(nms(RANDOM_BOXES, RANDOM_SCORES, 1.0)) == 40


def test_batched_nms_equals_per_class_nms() -> None:
    """Class-aware NMS keeps exactly the union of plain NMS run on each class separately."""
    classes = torch.randint(0, 3, (40,), generator=GEN)
    expected = set()
    for c in range(3):
        idx = (classes == c).nonzero().flatten()
        expected |= set(idx[nms(RANDOM_BOXES[idx], RANDOM_SCORES[idx], 0.4)].tolist())
    assert set(batched_nms(RANDOM_BOXES, RANDOM_SCORES, classes, 0.4).tolist()) == expected
    assert len(expected) > len(nms(RANDOM_BOXES, RANDOM_SCORES, 0.4))


def test_higher_threshold_can_keep_fewer_boxes() -> None:
    """The kept count is not monotone in the threshold: 3 boxes at 0.58, only 2 at 0.65."""
    boxes, scores = chain_boxes()
    assert nms(boxes, scores, 0.58).tolist() == [0, 2, 3]
    assert nms(boxes, scores, 0.65).tolist() == [0, 1]


def test_softmax_temperature_can_change_the_kept_box() -> None:
    """Per-box softmax scores are reordered by a temperature: T = 1 keeps box 0, T = 10 box 1."""
    boxes, logits = temperature_example()
    assert box_iou(boxes, boxes)[0, 1].item() > 0.5
    cold, hot = softmax_top_score(logits, 1.0), softmax_top_score(logits, 10.0)
    assert torch.allclose(cold, torch.softmax(logits, -1).max(-1).values)
    assert cold[0] > cold[1] and hot[1] > hot[0]
    assert nms(boxes, cold, 0.5).tolist() == [0]
    assert nms(boxes, hot, 0.5).tolist() == [1]


@pytest.mark.parametrize("temperature", [0.3, 1.0, 5.0])
def test_shared_monotone_transform_keeps_the_same_boxes(temperature: float) -> None:
    """A sigmoid temperature (one increasing map for every box) or log/cube changes nothing."""
    logits = torch.logit(RANDOM_SCORES)
    expected = nms(RANDOM_BOXES, RANDOM_SCORES, 0.4).tolist()
    assert nms(RANDOM_BOXES, sigmoid_score(logits, temperature), 0.4).tolist() == expected
    assert nms(RANDOM_BOXES, RANDOM_SCORES.log(), 0.4).tolist() == expected
    assert nms(RANDOM_BOXES, RANDOM_SCORES**3, 0.4).tolist() == expected


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the class-aware result that keeps the neighbouring object."""
    main()
    assert "threshold 0.3: kept [0, 3, 2]" in capsys.readouterr().out


def test_exercise_threshold_07_keeps_the_second_box_of_object_two() -> None:
    """Exercise 1: at 0.7 NMS keeps [0, 3, 2, 4]; box 4 survives because its IoU with 3 is 0.649."""
    boxes, scores = demo_boxes()
    assert nms(boxes, scores, 0.7).tolist() == [0, 3, 2, 4]
    assert box_iou(boxes, boxes)[3, 4].item() == pytest.approx(0.649, abs=5e-4)


def test_exercise_squared_scores_keep_the_same_boxes() -> None:
    """Exercise 2: squaring every score (increasing on [0, 1]) still keeps [0, 3, 2] at 0.5."""
    boxes, scores = demo_boxes()
    assert nms(boxes, scores**2, 0.5).tolist() == nms(boxes, scores, 0.5).tolist() == [0, 3, 2]


def test_exercise_class_aware_nms_saves_box_two() -> None:
    """Exercise 3: at 0.3 plain NMS drops box 2; with box 2 in another class it is kept."""
    boxes, scores = demo_boxes()
    classes = torch.tensor([0, 0, 1, 0, 0, 0])
    assert nms(boxes, scores, 0.3).tolist() == [0, 3]
    assert batched_nms(boxes, scores, classes, 0.3).tolist() == [0, 3, 2]
