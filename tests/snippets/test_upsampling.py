"""Tests for snippets/upsampling.py: the claims the upsampling page makes."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.upsampling import (
    adjoint_gap,
    bilinear_upsample,
    conv_transpose_by_hand,
    figure_data,
    main,
    nearest_upsample,
    overlap_counts,
    pixel_shuffle_by_hand,
)

GEN = torch.Generator().manual_seed(0)
X = torch.randn(2, 3, 4, 5, generator=GEN, dtype=torch.float64)


@pytest.mark.parametrize("factor", [2, 3])
def test_interpolation_by_hand_matches_f_interpolate(factor: int) -> None:
    """Nearest and bilinear (align_corners=False) by hand equal F.interpolate for x2 and x3."""
    assert torch.equal(nearest_upsample(X, factor), F.interpolate(X, scale_factor=factor))
    expected = F.interpolate(X, scale_factor=factor, mode="bilinear", align_corners=False)
    torch.testing.assert_close(bilinear_upsample(X, factor), expected)


def test_align_corners_changes_the_values_not_the_shape() -> None:
    """align_corners=True gives the same shape but different values from the default."""
    a = F.interpolate(X, scale_factor=2, mode="bilinear", align_corners=False)
    b = F.interpolate(X, scale_factor=2, mode="bilinear", align_corners=True)
    assert a.shape == b.shape == (2, 3, 8, 10)
    assert not torch.allclose(a, b)


def test_nearest_then_average_pool_gives_back_the_input() -> None:
    """Average-pooling a nearest x2 upsampling with a 2x2 window returns the input exactly."""
    assert torch.equal(F.avg_pool2d(nearest_upsample(X, 2), 2), X)


def test_interpolation_has_no_parameters_learned_upsamplers_do() -> None:
    """nn.Upsample has 0 parameters; ConvTranspose2d(C, C, 2, 2) has C*C*4 + C."""
    assert sum(p.numel() for p in nn.Upsample(scale_factor=2).parameters()) == 0
    up = nn.ConvTranspose2d(8, 8, kernel_size=2, stride=2)
    assert sum(p.numel() for p in up.parameters()) == 8 * 8 * 4 + 8


@pytest.mark.parametrize(("k", "s", "p"), [(2, 2, 0), (3, 2, 1), (4, 2, 1), (3, 1, 1)])
def test_transposed_conv_by_hand_matches_pytorch(k: int, s: int, p: int) -> None:
    """Zero insertion + padding k-1-p + flipped kernel equals F.conv_transpose2d."""
    w = torch.randn(3, 2, k, k, generator=GEN, dtype=torch.float64)
    torch.testing.assert_close(
        conv_transpose_by_hand(X, w, s, p), F.conv_transpose2d(X, w, stride=s, padding=p)
    )


@pytest.mark.parametrize("size", [9, 10])
def test_transposed_conv_is_the_adjoint_of_conv(size: int) -> None:
    """<A x, y> = <x, A^T y> with A = conv2d (stride 2) and A^T = conv_transpose2d, same weight."""
    w = torch.randn(4, 3, 3, 3, generator=GEN, dtype=torch.float64)
    lhs, rhs = adjoint_gap((2, 3, size, size), w, stride=2, seed=size)
    assert lhs == pytest.approx(rhs, rel=1e-12)


def test_transposed_conv_is_the_gradient_of_conv() -> None:
    """The input gradient of conv2d, for upstream gradient y, is conv_transpose2d(y)."""
    w = torch.randn(4, 3, 3, 3, generator=GEN, dtype=torch.float64)
    x = torch.randn(1, 3, 9, 9, generator=GEN, dtype=torch.float64, requires_grad=True)
    out = F.conv2d(x, w, stride=2)
    y = torch.randn(out.shape, generator=GEN, dtype=torch.float64)
    out.backward(y)
    torch.testing.assert_close(x.grad, F.conv_transpose2d(y, w, stride=2))


def test_pixel_shuffle_by_hand_matches_and_unshuffle_inverts() -> None:
    """The reshape/permute equals nn.PixelShuffle(r); F.pixel_unshuffle undoes it."""
    x = torch.randn(2, 12, 3, 4, generator=GEN, dtype=torch.float64)
    for r in (1, 2):
        shuffled = pixel_shuffle_by_hand(x[:, : 3 * r * r], r)
        torch.testing.assert_close(shuffled, nn.PixelShuffle(r)(x[:, : 3 * r * r]))
        torch.testing.assert_close(F.pixel_unshuffle(shuffled, r), x[:, : 3 * r * r])


def test_three_learned_x2_upsamplers_give_the_same_shape() -> None:
    """ConvTranspose2d(k=2, s=2) and conv C->4C + PixelShuffle(2) both turn HxW into 2Hx2W."""
    x = torch.randn(1, 8, 5, 7)
    a = nn.ConvTranspose2d(8, 8, 2, stride=2)(x)
    b = nn.PixelShuffle(2)(nn.Conv2d(8, 32, 3, padding=1)(x))
    c = nn.Upsample(scale_factor=2)(x)
    assert a.shape == b.shape == c.shape == (1, 8, 10, 14)


def test_uneven_overlap_when_kernel_not_divisible_by_stride() -> None:
    """k=3, s=2 paints pixels alternately 1 and 2 times; k=2 and k=4 paint every pixel evenly."""
    assert overlap_counts(3, 2).tolist() == [1, 2, 1, 2, 1, 2, 1]
    assert set(overlap_counts(2, 2).tolist()) == {1.0}
    assert set(overlap_counts(4, 2).tolist()) == {2.0}


def test_figure_data() -> None:
    """The figure's panels are 4x4, 8x8, 8x8 and a 9x9 checkerboard of 1, 2 and 4."""
    data = figure_data()
    shapes = [tuple(v.shape) for v in data.values()]
    assert shapes == [(4, 4), (8, 8), (8, 8), (9, 9)]
    assert set(list(data.values())[3].unique().tolist()) == {1.0, 2.0, 4.0}


def test_main_prints_the_checks(capsys: pytest.CaptureFixture[str]) -> None:
    """Every by-hand comparison in the demo prints True and the pixel-shuffle block is right."""
    main()
    out = capsys.readouterr().out
    assert "False" not in out
    assert out.count("True") == 3
    assert "[0, 4, 1, 5]" in out


def test_transposed_conv_is_not_an_inverse() -> None:
    """conv_transpose2d(conv2d(x)) is not x: the transposed convolution is the adjoint, not the
    inverse, so "deconvolution" is a misnomer."""
    w = torch.randn(3, 3, 3, 3, generator=GEN, dtype=torch.float64)
    x = torch.randn(1, 3, 9, 9, generator=GEN, dtype=torch.float64)
    back = F.conv_transpose2d(F.conv2d(x, w, stride=2), w, stride=2)
    assert back.shape == x.shape
    assert not torch.allclose(back, x, atol=0.1)


def test_pixel_shuffle_shape_exercise() -> None:
    """(1, 64, 28, 28) through PixelShuffle(2) becomes (1, 16, 56, 56)."""
    assert nn.PixelShuffle(2)(torch.zeros(1, 64, 28, 28)).shape == (1, 16, 56, 56)
