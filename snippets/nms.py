"""Non-maximum suppression (非极大值抑制): greedy NMS and its class-aware variant, in plain torch.

Run ``python -m snippets.nms`` from the repository root to print the facts the nms page states.
Boxes are ``(x1, y1, x2, y2)``.
"""

from __future__ import annotations

import torch

from snippets.iou import box_iou

DTYPE = torch.float64

# Two objects: boxes 0, 1, 2, 5 around the first (box 2 is a neighbour, not a duplicate),
# boxes 3 and 4 around the second.
BOXES = (
    (10, 10, 50, 50),
    (12, 12, 52, 52),
    (30, 10, 70, 50),
    (100, 100, 140, 150),
    (105, 95, 145, 145),
    (14, 8, 54, 48),
)
SCORES = (0.95, 0.90, 0.80, 0.85, 0.60, 0.30)

# Two heavily overlapping boxes whose 3-class logits rank differently at T = 1 and T = 10.
TEMPERATURE_LOGITS = ((2.0, 0.0, 0.0), (3.0, 2.9, -10.0))
TEMPERATURE_BOXES = ((0, 0, 10, 10), (1, 0, 11, 10))


# --8<-- [start:nms]
def nms(boxes: torch.Tensor, scores: torch.Tensor, iou_threshold: float) -> torch.Tensor:
    """Greedy non-maximum suppression.

    Take the highest-scoring box left, keep it, drop every remaining box whose IoU with it
    is above the threshold, and repeat until no box is left.

    Args:
        boxes: Shape ``(N, 4)``.
        scores: Shape ``(N,)``.
        iou_threshold: Boxes overlapping a kept box by more than this are suppressed.

    Returns:
        Indices of the kept boxes, highest score first.
    """
    order = scores.argsort(descending=True)
    iou = box_iou(boxes, boxes)
    keep = []
    while order.numel() > 0:
        best = order[0]
        keep.append(best.item())
        order = order[1:]
        order = order[iou[best, order] <= iou_threshold]  # survivors of this round
    return torch.tensor(keep, dtype=torch.long)


# --8<-- [end:nms]


# --8<-- [start:batched-nms]
def batched_nms(
    boxes: torch.Tensor, scores: torch.Tensor, classes: torch.Tensor, iou_threshold: float
) -> torch.Tensor:
    """Class-aware NMS: boxes of different classes never suppress each other.

    Every class is shifted to its own region of the plane, far enough that boxes of two
    classes cannot overlap, and one ordinary NMS is run on the shifted boxes.

    Args:
        boxes: Shape ``(N, 4)``.
        scores: Shape ``(N,)``.
        classes: Shape ``(N,)``, integer class ids.
        iou_threshold: As in :func:`nms`.

    Returns:
        Indices of the kept boxes, highest score first.
    """
    offset = classes.to(boxes.dtype)[:, None] * (boxes.max() + 1)
    return nms(boxes + offset, scores, iou_threshold)


# --8<-- [end:batched-nms]


# --8<-- [start:temperature]
def softmax_top_score(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Each box's score: the softmax probability of its best class at a temperature.

    Every box is normalised over its *own* logits, so the map from logits to score is
    not the same for every box, and a temperature can change which box ranks first.

    Args:
        logits: Shape ``(N, C)``, one row of class logits per box.
        temperature: ``T > 0``; the logits are divided by it before the softmax.

    Returns:
        Shape ``(N,)``.
    """
    return torch.softmax(logits / temperature, dim=-1).amax(dim=-1)


def sigmoid_score(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Per-box sigmoid scores at a temperature: one shared, increasing map for all boxes.

    Args:
        logits: Shape ``(N,)``, one logit per box (one class).
        temperature: ``T > 0``.

    Returns:
        Shape ``(N,)``, ``sigmoid(logits / T)``; the ranking does not depend on ``T``.
    """
    return torch.sigmoid(logits / temperature)


# --8<-- [end:temperature]


def temperature_example() -> tuple[torch.Tensor, torch.Tensor]:
    """Two overlapping boxes (IoU 0.818) and their 3-class logits.

    Returns:
        ``(boxes, logits)`` as float64 tensors of shapes ``(2, 4)`` and ``(2, 3)``.
    """
    return (
        torch.tensor(TEMPERATURE_BOXES, dtype=DTYPE),
        torch.tensor(TEMPERATURE_LOGITS, dtype=DTYPE),
    )


def demo_boxes() -> tuple[torch.Tensor, torch.Tensor]:
    """The six example boxes and their scores.

    Returns:
        ``(boxes, scores)`` as float64 tensors.
    """
    return torch.tensor(BOXES, dtype=DTYPE), torch.tensor(SCORES, dtype=DTYPE)


def chain_boxes() -> tuple[torch.Tensor, torch.Tensor]:
    """Four boxes where a higher threshold keeps fewer boxes than a lower one.

    Box 1 overlaps box 0 by 0.6 and boxes 2 and 3 by 0.74 each; boxes 2 and 3 overlap
    box 0 by less than 0.47 and each other by 0.57.

    Returns:
        ``(boxes, scores)`` as float64 tensors, scores falling from box 0 to box 3.
    """
    boxes = torch.tensor(
        [(0, 0, 10, 10), (2.5, 0, 12.5, 10), (4, 0, 14, 10), (2.5, 1.5, 12.5, 11.5)], dtype=DTYPE
    )
    return boxes, torch.tensor([1.0, 0.9, 0.8, 0.7], dtype=DTYPE)


def main() -> None:
    """Print the facts stated on the nms page."""
    boxes, scores = demo_boxes()
    iou = box_iou(boxes, boxes)
    print("pairwise IoU of the six boxes:")
    for i, row in enumerate(iou.tolist()):
        print(f"  box {i} (score {SCORES[i]:.2f}): " + " ".join(f"{v:.3f}" for v in row))
    for t in (0.3, 0.5, 0.7, 0.9):
        print(f"threshold {t:.1f}: kept {nms(boxes, scores, t).tolist()}")
    classes = torch.tensor([0, 0, 1, 0, 0, 0])
    kept = batched_nms(boxes, scores, classes, 0.3).tolist()
    print(f"class-aware, box 2 is another class, threshold 0.3: kept {kept}")
    chain, chain_scores = chain_boxes()
    for t in (0.58, 0.65):
        print(f"chain example, threshold {t:.2f}: kept {nms(chain, chain_scores, t).tolist()}")
    t_boxes, t_logits = temperature_example()
    print(f"temperature example, IoU of the two boxes: {box_iou(t_boxes, t_boxes)[0, 1]:.3f}")
    for temperature in (1.0, 10.0):
        scores = softmax_top_score(t_logits, temperature)
        kept = nms(t_boxes, scores, 0.5).tolist()
        shown = ", ".join(f"{v:.3f}" for v in scores.tolist())
        print(f"softmax at T = {temperature:g}: scores [{shown}], NMS at 0.5 keeps {kept}")


if __name__ == "__main__":
    main()
