"""Positive and negative samples (正负样本): label assignment of anchors by IoU.

Run ``python -m snippets.positive_negative_samples`` from the repository root to print the
facts the positive-negative-samples page states. Labels: 1 positive, 0 negative, -1 ignored.
"""

from __future__ import annotations

import torch

from snippets.iou import box_iou
from snippets.prior_box import make_anchors

DTYPE = torch.float64
POS, NEG, IGNORE = 1, 0, -1

# A 64 x 64 image, a 4 x 4 feature map (stride 16), 2 sizes x 3 ratios = 96 anchors.
STRIDE = 16
ANCHOR_SIZES = (16.0, 32.0)
ANCHOR_RATIOS = (0.5, 1.0, 2.0)
# A medium object and a small one that no anchor covers well.
GROUND_TRUTH = ((6.0, 10.0, 38.0, 42.0), (44.0, 46.0, 54.0, 56.0))


# --8<-- [start:assign-by-iou]
def assign_by_iou(
    anchors: torch.Tensor,
    gts: torch.Tensor,
    pos_threshold: float,
    neg_threshold: float,
    match_best: bool,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Label every anchor by its best IoU with any ground truth.

    IoU >= ``pos_threshold``: positive. IoU < ``neg_threshold``: negative.
    In between: ignored (no loss).
    With ``match_best`` the anchor with the highest IoU for each ground truth is made
    positive too, so that no object is left without an anchor.

    Args:
        anchors: Shape ``(A, 4)``.
        gts: Shape ``(G, 4)``.
        pos_threshold: Positive threshold.
        neg_threshold: Negative threshold (``<= pos_threshold``).
        match_best: Whether to add the best anchor of every ground truth.

    Returns:
        ``(labels, matched)``: shape ``(A,)`` each; ``matched[a]`` is the index of the
        ground truth anchor ``a`` learns (meaningful for positives only).
    """
    iou = box_iou(anchors, gts)  # (A, G)
    best_iou, matched = iou.max(dim=1)
    labels = torch.full((len(anchors),), IGNORE)
    labels[best_iou < neg_threshold] = NEG
    labels[best_iou >= pos_threshold] = POS
    if match_best:
        best_anchor = iou.argmax(dim=0)  # (G,)
        labels[best_anchor] = POS
        matched[best_anchor] = torch.arange(len(gts))
    return labels, matched


# --8<-- [end:assign-by-iou]

# --8<-- [start:rules]
RULES = {
    # name: (pos_threshold, neg_threshold, match_best)
    "Faster R-CNN RPN (0.7 / 0.3 + best)": (0.7, 0.3, True),
    "SSD (0.5 + best, rest negative)": (0.5, 0.5, True),
    "RetinaNet (0.5 / 0.4)": (0.5, 0.4, False),
    "the notes' rule (0.5 / 0.3)": (0.5, 0.3, False),
}
# --8<-- [end:rules]


def _centre(boxes: torch.Tensor) -> torch.Tensor:
    return (boxes[:, :2] + boxes[:, 2:]) / 2


def _size(boxes: torch.Tensor) -> torch.Tensor:
    return boxes[:, 2:] - boxes[:, :2]


# --8<-- [start:yolov3-assign]
def yolov3_assign(
    anchors: torch.Tensor, gts: torch.Tensor, stride: int, ignore_threshold: float = 0.5
) -> torch.Tensor:
    """YOLOv3-style labels: exactly one positive prior per ground truth.

    The positive is the prior, among those of the cell containing the object's centre,
    whose shape best matches the object (IoU with both boxes centred at the origin).
    Any other prior that overlaps a ground truth by more than ``ignore_threshold`` is ignored;
    all remaining priors are negatives (objectness loss only).

    Args:
        anchors: Shape ``(A, 4)``, from :func:`snippets.prior_box.make_anchors`.
        gts: Shape ``(G, 4)``.
        stride: Cell size in pixels.
        ignore_threshold: Overlap above which a non-best prior is ignored (0.5 in the paper).

    Returns:
        Labels, shape ``(A,)``.
    """
    cell_of_anchor = (_centre(anchors) // stride).long()
    labels = torch.full((len(anchors),), NEG)
    labels[box_iou(anchors, gts).max(dim=1).values > ignore_threshold] = IGNORE
    for g in range(len(gts)):
        cell = (_centre(gts[g : g + 1]) // stride).long()
        in_cell = (cell_of_anchor == cell).all(dim=1).nonzero().flatten()
        a_wh, g_wh = _size(anchors[in_cell]), _size(gts[g : g + 1])
        shape_iou = box_iou(
            torch.cat([-a_wh / 2, a_wh / 2], 1), torch.cat([-g_wh / 2, g_wh / 2], 1)
        )
        labels[in_cell[shape_iou.argmax()]] = POS
    return labels


# --8<-- [end:yolov3-assign]


def demo() -> tuple[torch.Tensor, torch.Tensor]:
    """The 96 example anchors and the two ground-truth boxes.

    Returns:
        ``(anchors, gts)`` as float64 tensors.
    """
    anchors = make_anchors(4, 4, STRIDE, ANCHOR_SIZES, ANCHOR_RATIOS)
    return anchors, torch.tensor(GROUND_TRUTH, dtype=DTYPE)


def counts(labels: torch.Tensor) -> str:
    """Format the number of positive, negative and ignored labels.

    Args:
        labels: Labels from one of the assignment functions.

    Returns:
        A one-line summary.
    """
    n = [(labels == v).sum().item() for v in (POS, NEG, IGNORE)]
    return f"positive {n[0]:>2}  negative {n[1]:>2}  ignored {n[2]:>2}"


def main() -> None:
    """Print the facts stated on the positive-negative-samples page."""
    anchors, gts = demo()
    iou = box_iou(anchors, gts)
    print(f"{len(anchors)} anchors, {len(gts)} ground truths")
    for g in range(len(gts)):
        print(f"  ground truth {g}: best anchor IoU = {iou[:, g].max().item():.4f}")
    for name, (pos_threshold, neg_threshold, match_best) in RULES.items():
        labels, matched = assign_by_iou(anchors, gts, pos_threshold, neg_threshold, match_best)
        covered = sorted(set(matched[labels == POS].tolist()))
        print(f"{name:<38} {counts(labels)}  objects with a positive: {covered}")
    labels = yolov3_assign(anchors, gts, STRIDE)
    print(f"{'YOLOv3 (best prior in centre cell)':<38} {counts(labels)}")


if __name__ == "__main__":
    main()
