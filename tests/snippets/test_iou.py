"""Tests for snippets/iou.py: the claims the iou page makes."""

import pytest
import torch

from snippets.iou import box_area, box_iou, generalized_box_iou, main, raster_iou, shifted_iou

GEN = torch.Generator().manual_seed(0)


def _random_int_boxes(n: int) -> torch.Tensor:
    xy = torch.randint(0, 12, (n, 2), generator=GEN)
    wh = torch.randint(1, 8, (n, 2), generator=GEN)
    return torch.cat([xy, xy + wh], dim=1)


A = _random_int_boxes(12)
B = _random_int_boxes(9)


def test_formula_matches_pixel_count() -> None:
    """box_iou equals the IoU obtained by counting pixels, for 108 random integer box pairs."""
    iou = box_iou(A.double(), B.double())
    for i, a in enumerate(A.tolist()):
        for j, b in enumerate(B.tolist()):
            assert iou[i, j].item() == pytest.approx(raster_iou(tuple(a), tuple(b)), abs=1e-12)


def test_quarter_overlap_is_one_seventh() -> None:
    """Two 2x2 boxes sharing a 1x1 corner: IoU = 1 / (4 + 4 - 1) = 1/7, not 1/4."""
    a = torch.tensor([[0.0, 0, 2, 2]], dtype=torch.float64)
    b = torch.tensor([[1.0, 1, 3, 3]], dtype=torch.float64)
    assert box_iou(a, b).item() == pytest.approx(1 / 7)


def test_iou_can_be_exactly_one_half() -> None:
    """A 2x1 box and the 1x1 box inside it have IoU exactly 0.5: the > vs >= rule decides it."""
    assert raster_iou((0, 0, 2, 1), (0, 0, 1, 1)) == 0.5
    wide = torch.tensor([[0.0, 0.0, 2.0, 1.0]], dtype=torch.float64)
    iou = box_iou(wide, wide[:, [0, 1, 3, 3]]).item()
    assert iou == 0.5
    assert not iou > 0.5


def test_range_symmetry_and_identity() -> None:
    """IoU lies in [0, 1], is symmetric, and is 1 exactly for a box with itself."""
    a, b = A.double(), B.double()
    iou = box_iou(a, b)
    assert bool((iou >= 0).all()) and bool((iou <= 1).all())
    torch.testing.assert_close(iou, box_iou(b, a).T)
    torch.testing.assert_close(box_iou(a, a).diagonal(), torch.ones(len(a), dtype=torch.float64))


def test_scale_invariant() -> None:
    """Scaling both boxes by the same factor leaves the IoU unchanged (it is a ratio of areas)."""
    a, b = A.double(), B.double()
    torch.testing.assert_close(box_iou(3.5 * a, 3.5 * b), box_iou(a, b))
    torch.testing.assert_close(box_area(3.5 * a), 3.5**2 * box_area(a))


def test_disjoint_iou_zero_but_giou_orders_distance() -> None:
    """Separated boxes all have IoU 0; GIoU is negative and falls as the gap widens."""
    a = torch.tensor([[0.0, 0, 2, 2]], dtype=torch.float64)
    gaps = [1.0, 2.0, 6.0]
    b = torch.tensor([[2 + g, 0, 4 + g, 2] for g in gaps], dtype=torch.float64)
    assert bool((box_iou(a, b) == 0).all())
    giou = generalized_box_iou(a, b)[0]
    assert bool((giou < 0).all())
    assert bool((giou[1:] < giou[:-1]).all())
    assert giou[0].item() == pytest.approx(-0.2)


def test_giou_bounds() -> None:
    """GIoU never exceeds IoU and stays in (-1, 1]; it can be negative while IoU > 0."""
    a, b = A.double(), B.double()
    iou, giou = box_iou(a, b), generalized_box_iou(a, b)
    assert bool((giou <= iou + 1e-12).all())
    assert bool((giou > -1).all()) and bool((giou <= 1).all())
    corner = generalized_box_iou(
        torch.tensor([[0.0, 0, 2, 2]], dtype=torch.float64),
        torch.tensor([[1.0, 1, 3, 3]], dtype=torch.float64),
    )
    assert corner.item() < 0


def test_one_pixel_shift_hurts_small_boxes_more() -> None:
    """A 1 px shift gives IoU 7/9 for an 8 px square but about 0.97 for a 64 px one."""
    assert shifted_iou(8, 1) == pytest.approx(7 / 9)
    ious = [shifted_iou(s, 1) for s in (8, 16, 64)]
    assert ious == sorted(ious)
    assert ious[-1] == pytest.approx(63 / 65)


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the pixel-count check equal to the formula."""
    main()
    out = capsys.readouterr().out
    assert "pixel count, (2,3,9,7) vs (5,1,12,6): 0.2353" in out
    assert "formula,     (2,3,9,7) vs (5,1,12,6): 0.2353" in out


def test_jaccard_distance_triangle_inequality() -> None:
    """1 - IoU is a distance: d(a, c) <= d(a, b) + d(b, c) for every triple of random boxes."""
    boxes = torch.cat([A, B]).double()
    d = 1 - box_iou(boxes, boxes)
    assert bool((d[:, None, :] <= d[:, :, None] + d[None, :, :] + 1e-12).all())


def test_exercise_shift_by_a_quarter_side() -> None:
    """Exercise 1: a 16 px square shifted by 4 px keeps 3/4 of its area; IoU = 192/320 = 0.6."""
    assert shifted_iou(16, 4.0) == pytest.approx(0.6)
    box = torch.tensor([[0.0, 0.0, 16.0, 16.0]], dtype=torch.float64)
    moved = box + torch.tensor([4.0, 0.0, 4.0, 0.0], dtype=torch.float64)
    inter = (
        torch.minimum(box[:, 2:], moved[:, 2:]) - torch.maximum(box[:, :2], moved[:, :2])
    ).prod()
    assert (inter / box_area(box)).item() == pytest.approx(0.75)


def test_exercise_covering_box_is_not_a_hit() -> None:
    """Exercise 2: (0,0,4,4) covers the ground truth (1,1,3,3) fully, yet its IoU is 4/16 = 0.25."""
    pred = torch.tensor([[0.0, 0, 4, 4]], dtype=torch.float64)
    truth = torch.tensor([[1.0, 1, 3, 3]], dtype=torch.float64)
    iou = box_iou(pred, truth).item()
    assert iou == pytest.approx(0.25)
    assert not iou > 0.5


def test_exercise_giou_tells_near_from_far() -> None:
    """Exercise 3: at gaps 1 and 6 both IoUs are 0, while GIoU is -0.2 and -0.6."""
    a = torch.tensor([[0.0, 0, 2, 2]], dtype=torch.float64)
    near = torch.tensor([[3.0, 0, 5, 2]], dtype=torch.float64)
    far = torch.tensor([[8.0, 0, 10, 2]], dtype=torch.float64)
    assert box_iou(a, near).item() == 0.0 and box_iou(a, far).item() == 0.0
    assert generalized_box_iou(a, near).item() == pytest.approx(-0.2)
    assert generalized_box_iou(a, far).item() == pytest.approx(-0.6)
