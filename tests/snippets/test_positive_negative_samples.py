"""Tests for snippets/positive_negative_samples.py: what its page claims."""

import pytest
import torch

from snippets.iou import box_iou
from snippets.positive_negative_samples import (
    IGNORE,
    NEG,
    POS,
    RULES,
    STRIDE,
    assign_by_iou,
    demo,
    main,
    yolov3_assign,
)

ANCHORS, GTS = demo()
IOU = box_iou(ANCHORS, GTS)
BEST = IOU.max(dim=1).values


def test_rpn_has_three_labels() -> None:
    """RPN 0.7 / 0.3: best IoU in [0.3, 0.7) is ignored, below 0.3 negative, bar best matches."""
    labels, _ = assign_by_iou(ANCHORS, GTS, 0.7, 0.3, match_best=True)
    best_of_some_gt = torch.zeros(len(ANCHORS), dtype=torch.bool)
    best_of_some_gt[IOU.argmax(dim=0)] = True
    middle = (BEST >= 0.3) & (BEST < 0.7) & ~best_of_some_gt
    assert middle.any()
    assert bool((labels[middle] == IGNORE).all())
    assert bool((labels[(BEST < 0.3) & ~best_of_some_gt] == NEG).all())


def test_best_anchor_rule_rescues_small_object() -> None:
    """Small object: best IoU (0.17) is under every threshold; only best-anchor matching helps."""
    assert IOU[:, 1].max().item() < 0.3
    labels, matched = assign_by_iou(ANCHORS, GTS, 0.7, 0.3, match_best=True)
    assert 1 in matched[labels == POS].tolist()
    labels, matched = assign_by_iou(ANCHORS, GTS, 0.7, 0.3, match_best=False)
    assert 1 not in matched[labels == POS].tolist()
    labels, matched = assign_by_iou(ANCHORS, GTS, *RULES["RetinaNet (0.5 / 0.4)"])
    assert 1 not in matched[labels == POS].tolist()


def test_the_notes_thresholds_leave_anchors_unlabelled() -> None:
    """With 0.5 / 0.3, anchors with best IoU in [0.3, 0.5) are neither positive nor negative."""
    labels, _ = assign_by_iou(ANCHORS, GTS, 0.5, 0.3, match_best=False)
    gap = (BEST >= 0.3) & (BEST < 0.5)
    assert gap.sum().item() == 4
    assert bool((labels[gap] == IGNORE).all())


def test_ssd_rule_has_no_ignored_and_covers_every_object() -> None:
    """SSD: best match and IoU >= 0.5 positive, the rest negative; every object gets a positive."""
    labels, matched = assign_by_iou(ANCHORS, GTS, *RULES["SSD (0.5 + best, rest negative)"])
    assert not bool((labels == IGNORE).any())
    assert sorted(set(matched[labels == POS].tolist())) == [0, 1]


def test_rules_disagree_on_the_same_anchors() -> None:
    """RPN, SSD and RetinaNet label the same 96 anchors differently."""
    results = [assign_by_iou(ANCHORS, GTS, *rule)[0] for rule in RULES.values()]
    assert not torch.equal(results[0], results[1])
    assert not torch.equal(results[1], results[2])


def test_yolov3_one_positive_per_object_in_its_centre_cell() -> None:
    """YOLOv3: exactly one positive prior per object, in the cell holding the object's centre."""
    labels = yolov3_assign(ANCHORS, GTS, STRIDE)
    positives = ANCHORS[labels == POS]
    assert len(positives) == len(GTS)
    anchor_cells = ((positives[:, :2] + positives[:, 2:]) / 2 // STRIDE).tolist()
    gt_cells = ((GTS[:, :2] + GTS[:, 2:]) / 2 // STRIDE).tolist()
    assert sorted(anchor_cells) == sorted(gt_cells)
    notes, _ = assign_by_iou(ANCHORS, GTS, 0.5, 0.3, match_best=False)
    assert not torch.equal(labels, notes)


def test_yolov3_ignores_good_non_best_priors() -> None:
    """A prior overlapping an object by more than 0.5 but not chosen is ignored, not negative."""
    labels = yolov3_assign(ANCHORS, GTS, STRIDE)
    good_not_best = (BEST > 0.5) & (labels != POS)
    assert good_not_best.any()
    assert bool((labels[good_not_best] == IGNORE).all())
    assert bool((labels[BEST <= 0.5] != IGNORE).all())


@pytest.mark.parametrize("rule", list(RULES))
def test_negatives_outnumber_positives(rule: str) -> None:
    """Under every rule negatives outnumber positives by more than 20 to 1."""
    labels, _ = assign_by_iou(ANCHORS, GTS, *RULES[rule])
    assert (labels == NEG).sum().item() > 20 * (labels == POS).sum().item()


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints one line per rule and the YOLOv3 line."""
    main()
    out = capsys.readouterr().out
    assert "YOLOv3 (best prior in centre cell)" in out
    assert out.count("ignored") == len(RULES) + 1


def test_exercise_retinanet_with_best_anchor_rule() -> None:
    """Exercise 1: RetinaNet's 0.5 / 0.4 plus the best-anchor rule: 4 positives, 92 negatives,
    both objects covered; the small object's best anchor moves from negative to positive."""
    labels, matched = assign_by_iou(ANCHORS, GTS, 0.5, 0.4, True)
    assert [(labels == v).sum().item() for v in (POS, NEG, IGNORE)] == [4, 92, 0]
    assert sorted(set(matched[labels == POS].tolist())) == [0, 1]
    plain, _ = assign_by_iou(ANCHORS, GTS, 0.5, 0.4, False)
    assert plain[IOU[:, 1].argmax()].item() == NEG


def test_exercise_rpn_without_best_anchor_rule() -> None:
    """Exercise 2: RPN thresholds 0.7 / 0.3 alone: 1 positive, 89 negatives, 6 ignored, and the
    small object has no positive (with the rule: 2, 88, 6)."""
    labels, matched = assign_by_iou(ANCHORS, GTS, 0.7, 0.3, False)
    assert [(labels == v).sum().item() for v in (POS, NEG, IGNORE)] == [1, 89, 6]
    assert sorted(set(matched[labels == POS].tolist())) == [0]
    with_best, _ = assign_by_iou(ANCHORS, GTS, 0.7, 0.3, True)
    assert [(with_best == v).sum().item() for v in (POS, NEG, IGNORE)] == [2, 88, 6]


def test_exercise_notes_rule_from_the_sorted_ious() -> None:
    """Exercise 3: the top IoUs with the medium object are 0.7840, 0.5469 x 2, 0.3738 x 2,
    0.3581 x 2, then 0.2952: 3 positives and 4 ignored under 0.5 / 0.3."""
    top = [round(v, 4) for v in IOU[:, 0].sort(descending=True).values[:8].tolist()]
    assert top == [0.7840, 0.5469, 0.5469, 0.3738, 0.3738, 0.3581, 0.3581, 0.2952]
    assert IOU[:, 1].max().item() < 0.3
    labels, _ = assign_by_iou(ANCHORS, GTS, 0.5, 0.3, False)
    assert [(labels == v).sum().item() for v in (POS, IGNORE)] == [3, 4]
