"""Tests for snippets/flop_count.py: FLOP formulas, the counted loops and PyTorch's counter."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils import flop_counter

from snippets.flop_count import (
    conv2d_flops,
    counted_conv2d,
    counted_linear,
    linear_flops,
    torch_counter_conv_flops,
    torch_counter_has_formula,
    torch_counter_linear_flops,
)

DTYPE = torch.float64


@pytest.fixture
def conv_case():
    """A conv layer with bias, a 5x5 input and padding 1 (output 3x5x5)."""
    torch.manual_seed(0)
    conv = nn.Conv2d(2, 3, kernel_size=3, padding=1).to(DTYPE)
    return conv, torch.randn(1, 2, 5, 5, dtype=DTYPE)


def test_counted_conv_equals_torch(conv_case):
    """The loop of explicit dot products computes exactly what F.conv2d computes."""
    conv, x = conv_case
    out, _ = counted_conv2d(x, conv.weight, conv.bias, padding=1)
    torch.testing.assert_close(out, F.conv2d(x, conv.weight, conv.bias, padding=1))


def test_conv_with_bias_costs_exactly_two_flops_per_mac(conv_case):
    """With a bias, each output takes C_in*k*k multiplications and as many additions."""
    conv, x = conv_case
    _, tally = counted_conv2d(x, conv.weight, conv.bias, padding=1)
    assert tally.mul == 5 * 5 * 3 * 2 * 3 * 3 == 1350
    assert tally.add == tally.mul
    assert tally.mul + tally.add == conv2d_flops(conv, (5, 5)) == 2700


def test_conv_without_bias_is_one_addition_short_per_output(conv_case):
    """Without a bias the exact count is 2 x MACs minus one addition per output element."""
    conv, x = conv_case
    out, tally = counted_conv2d(x, conv.weight, None, padding=1)
    assert tally.mul + tally.add == conv2d_flops(conv, (5, 5)) - out.numel() == 2625


def test_counted_linear_matches_formula_and_torch():
    """A Linear layer with bias costs exactly 2*B*in*out FLOPs, and the loop equals F.linear."""
    torch.manual_seed(1)
    fc = nn.Linear(4, 3).to(DTYPE)
    x = torch.randn(2, 4, dtype=DTYPE)
    out, tally = counted_linear(x, fc.weight, fc.bias)
    torch.testing.assert_close(out, F.linear(x, fc.weight, fc.bias))
    assert tally.mul + tally.add == linear_flops(fc, 2) == 48
    _, no_bias = counted_linear(x, fc.weight, None)
    assert no_bias.mul + no_bias.add == 48 - out.numel()


def test_torch_counter_counts_two_flops_per_mac_and_ignores_bias(conv_case):
    """FlopCounterMode's formulas give 2 x MACs, with or without a bias term."""
    conv, x = conv_case
    _, tally = counted_conv2d(x, conv.weight, conv.bias, padding=1)
    assert torch_counter_conv_flops(x, conv) == 2 * tally.mul
    no_bias = nn.Conv2d(2, 3, kernel_size=3, padding=1, bias=False).to(DTYPE)
    assert torch_counter_conv_flops(x, no_bias) == 2 * tally.mul
    fc = nn.Linear(4, 3).to(DTYPE)
    assert torch_counter_linear_flops(torch.zeros(2, 4, dtype=DTYPE), fc) == 2 * 2 * 4 * 3


@pytest.mark.parametrize(
    ("stride", "padding", "dilation", "groups"),
    [(1, 0, 1, 1), (2, 1, 1, 1), (1, 2, 2, 1), (2, 1, 1, 2), (1, 1, 1, 4)],
)
def test_conv_formula_matches_torch_counter(stride, padding, dilation, groups):
    """conv2d_flops equals PyTorch's counter for strided, dilated and grouped convolutions."""
    conv = nn.Conv2d(4, 8, 3, stride=stride, padding=padding, dilation=dilation, groups=groups)
    x = torch.zeros(2, 4, 9, 9)
    out_hw = tuple(conv(x).shape[2:])
    assert conv2d_flops(conv, out_hw, batch=2) == torch_counter_conv_flops(x, conv)


def test_flops_are_linear_in_batch_and_resolution():
    """Doubling the batch doubles the FLOPs; doubling H and W multiplies them by 4."""
    conv = nn.Conv2d(3, 16, 3, padding=1)
    base = conv2d_flops(conv, (8, 8))
    assert conv2d_flops(conv, (8, 8), batch=2) == 2 * base
    assert conv2d_flops(conv, (16, 16)) == 4 * base


def test_torch_counter_ignores_elementwise_operators():
    """FlopCounterMode has formulas for matmul and conv only: ReLU, GELU, BN, add count 0."""
    for op in ("mm", "addmm", "bmm", "convolution"):
        assert torch_counter_has_formula(op), op
    for op in ("relu", "gelu", "native_batch_norm", "add", "_softmax"):
        assert not torch_counter_has_formula(op), op


def test_exercise_stride_two_keeps_nine_of_25_positions():
    """Exercise 1: the same conv with stride 2 outputs 3x3 per channel: 2700 * 9/25 = 972 FLOPs,
    and PyTorch's counter agrees."""
    torch.manual_seed(0)
    conv = nn.Conv2d(2, 3, kernel_size=3, padding=1, stride=2).to(DTYPE)
    x = torch.randn(1, 2, 5, 5, dtype=DTYPE)
    assert tuple(conv(x).shape) == (1, 3, 3, 3)
    assert conv2d_flops(conv, (3, 3)) == torch_counter_conv_flops(x, conv) == 972


def test_exercise_linear_without_bias_is_six_short():
    """Exercise 2: Linear(4 -> 3) on 2 rows without bias: 48 - 2*3 = 42 operations counted."""
    torch.manual_seed(0)
    fc = nn.Linear(4, 3).to(DTYPE)
    rows = torch.randn(2, 4, dtype=DTYPE)
    _, tally = counted_linear(rows, fc.weight, None)
    assert (tally.mul, tally.add) == (24, 18)
    assert tally.mul + tally.add == linear_flops(fc, 2) - 6 == 42


def test_exercise_relu_adds_nothing_to_the_count():
    """Exercise 3: Linear(4,3) -> ReLU -> Linear(3,2) on 2 rows: FlopCounterMode reports
    48 + 24 = 72; the ReLU adds 0."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2)).to(DTYPE)
    rows = torch.randn(2, 4, dtype=DTYPE)
    with flop_counter.FlopCounterMode(display=False) as counter:
        model(rows)
    assert linear_flops(model[0], 2) == 48 and linear_flops(model[2], 2) == 24
    assert counter.get_total_flops() == 72
    assert not torch_counter_has_formula("relu")
