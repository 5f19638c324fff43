"""Prior box (先验框): tiling anchors over a feature map, the SSD scale rule, box encoding.

Run ``python -m snippets.prior_box`` from the repository root to print the facts the prior-box
page states. Boxes are ``(x1, y1, x2, y2)`` in pixels unless a docstring says otherwise.
"""

from __future__ import annotations

import math

import torch

DTYPE = torch.float64

# SSD300: feature-map sides and default boxes per location (Liu et al. 2016, Table/Fig. 2).
SSD300_MAPS = ((38, 4), (19, 6), (10, 6), (5, 6), (3, 4), (1, 4))


# --8<-- [start:make-anchors]
def make_anchors(
    fh: int, fw: int, stride: int, sizes: tuple[float, ...], ratios: tuple[float, ...]
) -> torch.Tensor:
    """Tile prior boxes over an ``fh x fw`` feature map.

    Every cell gets ``len(sizes) * len(ratios)`` boxes centred on the cell centre
    ``((j + 0.5) * stride, (i + 0.5) * stride)``. A box of size ``s`` and ratio ``r = w / h``
    has ``w = s * sqrt(r)`` and ``h = s / sqrt(r)``, so its area is ``s**2`` for every ratio.

    Args:
        fh: Feature-map height (cells).
        fw: Feature-map width (cells).
        stride: Pixels between neighbouring cell centres.
        sizes: Box sizes in pixels (square root of the area).
        ratios: Aspect ratios ``w / h``.

    Returns:
        Shape ``(fh * fw * len(sizes) * len(ratios), 4)``, cell by cell, row-major.
    """
    s = torch.tensor(sizes, dtype=DTYPE)[:, None]
    r = torch.tensor(ratios, dtype=DTYPE)[None, :]
    half_w = (s * r.sqrt() / 2).flatten()  # one entry per (size, ratio) pair
    half_h = (s / r.sqrt() / 2).flatten()
    cy, cx = torch.meshgrid(
        (torch.arange(fh, dtype=DTYPE) + 0.5) * stride,
        (torch.arange(fw, dtype=DTYPE) + 0.5) * stride,
        indexing="ij",
    )
    cx, cy = cx.reshape(-1, 1), cy.reshape(-1, 1)
    boxes = torch.stack([cx - half_w, cy - half_h, cx + half_w, cy + half_h], dim=-1)
    return boxes.reshape(-1, 4)


# --8<-- [end:make-anchors]


# --8<-- [start:ssd-scales]
def ssd_scales(m: int = 6, s_min: float = 0.2, s_max: float = 0.9) -> list[float]:
    """SSD's box scale for each of ``m`` feature maps, as a fraction of the image side.

    Args:
        m: Number of feature maps.
        s_min: Scale of the first (finest) map.
        s_max: Scale of the last (coarsest) map.

    Returns:
        ``s_k = s_min + (s_max - s_min) * (k - 1) / (m - 1)`` for ``k = 1..m``.
    """
    return [s_min + (s_max - s_min) * (k - 1) / (m - 1) for k in range(1, m + 1)]


def ssd300_released_scales(min_ratio: int = 20, max_ratio: int = 90, m: int = 6) -> list[float]:
    """The scales the released SSD300 code (``ssd_pascal.py``) actually uses.

    The step is rounded down to whole percent, the rule covers maps 2..m, and the first
    map (conv4_3) gets a scale of 0.1 of its own.

    Args:
        min_ratio: Scale of map 2, in percent.
        max_ratio: Nominal scale of the last map, in percent.
        m: Number of feature maps.

    Returns:
        ``[0.1, 0.2, 0.37, 0.54, 0.71, 0.88]`` with the defaults.
    """
    step = (max_ratio - min_ratio) // (m - 2)
    return [0.1] + [ratio / 100 for ratio in range(min_ratio, max_ratio + 1, step)]


def ssd300_box_count() -> int:
    """Total default boxes of SSD300: sum over maps of side**2 times boxes per location.

    Returns:
        8732.
    """
    return sum(side * side * per_cell for side, per_cell in SSD300_MAPS)


# --8<-- [end:ssd-scales]


def ssd300_boxes_per_map() -> list[int]:
    """Default boxes of SSD300 on each of its six maps, finest first.

    Returns:
        ``side**2 * per_cell`` for every map: ``[5776, 2166, 600, 150, 36, 4]``.
    """
    return [side * side * per_cell for side, per_cell in SSD300_MAPS]


# --8<-- [start:encode-decode]
def encode(anchors: torch.Tensor, boxes: torch.Tensor) -> torch.Tensor:
    """Regression targets of boxes relative to their anchors (Faster R-CNN parameterisation).

    Args:
        anchors: Shape ``(N, 4)``.
        boxes: Shape ``(N, 4)``, the box each anchor should predict.

    Returns:
        Shape ``(N, 4)``: ``(tx, ty, tw, th)``.
    """
    aw, ah = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    ax, ay = anchors[:, 0] + aw / 2, anchors[:, 1] + ah / 2
    w, h = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    x, y = boxes[:, 0] + w / 2, boxes[:, 1] + h / 2
    return torch.stack([(x - ax) / aw, (y - ay) / ah, torch.log(w / aw), torch.log(h / ah)], 1)


def decode(anchors: torch.Tensor, deltas: torch.Tensor) -> torch.Tensor:
    """Boxes from anchors and predicted offsets: what runs at inference, with no ground truth.

    Args:
        anchors: Shape ``(N, 4)``.
        deltas: Shape ``(N, 4)``, predicted ``(tx, ty, tw, th)``.

    Returns:
        Shape ``(N, 4)``, the predicted boxes.
    """
    aw, ah = anchors[:, 2] - anchors[:, 0], anchors[:, 3] - anchors[:, 1]
    ax, ay = anchors[:, 0] + aw / 2, anchors[:, 1] + ah / 2
    x, y = ax + deltas[:, 0] * aw, ay + deltas[:, 1] * ah
    w, h = aw * torch.exp(deltas[:, 2]), ah * torch.exp(deltas[:, 3])
    return torch.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], 1)


# --8<-- [end:encode-decode]


def _fmt(values: list[float]) -> str:
    return "[" + ", ".join(f"{round(v, 2) + 0.0:g}" for v in values) + "]"


def main() -> None:
    """Print the facts stated on the prior-box page."""
    anchors = make_anchors(2, 3, 16, sizes=(32.0,), ratios=(0.5, 1.0, 2.0))
    print(f"2x3 map, stride 16, 1 size x 3 ratios: {tuple(anchors.shape)} anchors")
    for box in anchors[:3].tolist():
        w, h = box[2] - box[0], box[3] - box[1]
        print(f"  cell (0, 0): box {_fmt(box)}  w/h = {w / h:.2f}  area = {w * h:.1f}")
    print(f"SSD scales, m = 6: {_fmt(ssd_scales())}")
    print(f"released SSD300 code: {_fmt(ssd300_released_scales())}")
    s1, s2 = ssd_scales()[:2]
    print(f"SSD extra ratio-1 box on map 1: scale sqrt(s1 * s2) = {math.sqrt(s1 * s2):.4f}")
    print(f"SSD300 default boxes: {ssd300_box_count()}")
    gt = torch.tensor([[20.0, 4.0, 60.0, 36.0]], dtype=DTYPE)
    anchor = anchors[4:5]
    deltas = encode(anchor, gt)
    print(f"anchor {_fmt(anchor[0].tolist())} -> ground truth {_fmt(gt[0].tolist())}")
    print(f"  targets (tx, ty, tw, th) = {_fmt(deltas[0].tolist())}")
    print(f"  decode(anchor, targets) = {_fmt(decode(anchor, deltas)[0].tolist())}")


if __name__ == "__main__":
    main()
