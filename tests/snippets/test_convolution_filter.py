"""Tests for snippets/convolution_filter.py: filters = output channels, weight shape, parameter
count, and what a filter computes (cross-correlation over all input channels)."""

import pytest
import torch
import torch.nn.functional as F

from snippets.convolution_filter import (
    DTYPE,
    SOBEL_X,
    apply_filter,
    conv_params,
    filter_bank_shape,
    main,
    square_image,
    true_convolution,
)

CONFIGS = [(3, 8, 3, 1), (4, 6, 5, 2), (6, 6, 3, 6), (2, 5, 1, 1)]


@pytest.mark.parametrize(("c_in", "c_out", "k", "groups"), CONFIGS)
def test_shape_and_param_count_match_nn_conv2d(c_in, c_out, k, groups):
    """Weight shape (C_out, C_in/groups, k, k) and the parameter count, with and without bias,
    equal those of nn.Conv2d."""
    for bias in (True, False):
        conv = torch.nn.Conv2d(c_in, c_out, k, groups=groups, bias=bias)
        assert tuple(conv.weight.shape) == filter_bank_shape(c_in, c_out, k, groups)
        assert sum(p.numel() for p in conv.parameters()) == conv_params(
            c_in, c_out, k, groups, bias
        )


def test_number_of_filters_is_the_number_of_output_channels():
    """Each filter produces one output map: output channel o is filter o applied to the input."""
    g = torch.Generator().manual_seed(0)
    x = torch.randn(3, 6, 7, generator=g, dtype=DTYPE)
    w = torch.randn(5, 3, 3, 3, generator=g, dtype=DTYPE)
    b = torch.randn(5, generator=g, dtype=DTYPE)
    out = F.conv2d(x[None], w, b)[0]
    assert out.shape[0] == w.shape[0] == 5
    for o in range(5):
        torch.testing.assert_close(out[o], apply_filter(x, w[o], b[o].item()))


def test_deep_learning_convolution_is_cross_correlation():
    """F.conv2d does not flip the kernel; the flipped (signal-processing) convolution differs,
    and for Sobel-x it is exactly the negated map."""
    x = square_image()
    w = torch.tensor(SOBEL_X, dtype=DTYPE)[None]
    edges = apply_filter(x, w)
    torch.testing.assert_close(edges, F.conv2d(x[None], w[None])[0, 0])
    flipped = true_convolution(x, w)
    torch.testing.assert_close(flipped, F.conv2d(x[None], torch.flip(w, (-2, -1))[None])[0, 0])
    torch.testing.assert_close(flipped, -edges)


def test_sobel_responds_only_at_vertical_edges():
    """Sobel-x is zero on flat regions (inside and outside the square), positive on the left
    edge and negative on the right edge."""
    edges = apply_filter(square_image(), torch.tensor(SOBEL_X, dtype=DTYPE)[None])
    assert torch.count_nonzero(edges[:, 3:5]) == 0  # inside the square
    assert torch.count_nonzero(edges[0]) == torch.count_nonzero(edges[:, 0]) == 0
    assert (edges[1:7, 1:3] > 0).all() and (edges[1:7, 5:7] < 0).all()


def test_main_prints_the_page_facts(capsys):
    """main() prints the 224-parameter example and the two verdicts."""
    main()
    out = capsys.readouterr().out
    assert "weight (8, 3, 3, 3), params 224 = formula 224" in out
    assert "equals F.conv2d: True; equals the flipped-kernel convolution: False" in out


def test_exercise_depthwise_separable_params():
    """Exercise 1: 3x3 depthwise (g=64) + 1x1 to 128 channels has 640 + 8320 = 8960 parameters,
    against 73856 for the dense Conv2d(64, 128, 3); the counts match nn.Conv2d."""
    depthwise, pointwise = conv_params(64, 64, 3, groups=64), conv_params(64, 128, 1)
    assert (depthwise, pointwise) == (640, 8320)
    assert depthwise + pointwise == 8960
    assert conv_params(64, 128, 3) == 73856
    for c_in, c_out, k, g, n in ((64, 64, 3, 64, 640), (64, 128, 1, 1, 8320)):
        conv = torch.nn.Conv2d(c_in, c_out, k, groups=g)
        assert sum(p.numel() for p in conv.parameters()) == n


def test_exercise_sobel_values_at_the_left_edge():
    """Exercise 2: at the left edge the window's right column sums 1 + 2 + 1 = 4 when all three
    rows are in the square, 3 when the top row is out, 1 when only the bottom row is in."""
    edges = apply_filter(square_image(), torch.tensor(SOBEL_X, dtype=DTYPE)[None])
    assert edges[:, 1].tolist() == [0.0, 1.0, 3.0, 4.0, 4.0, 3.0, 1.0, 0.0]
    assert edges.max().item() == 4.0


def test_exercise_flipped_kernel_negates_the_sobel_map():
    """Exercise 3: the flipped-kernel convolution gives exactly minus the cross-correlation."""
    x = square_image()
    w = torch.tensor(SOBEL_X, dtype=DTYPE)[None]
    torch.testing.assert_close(true_convolution(x, w), -apply_filter(x, w))
