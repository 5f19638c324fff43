"""Tests for snippets/macs.py: parameter and MAC formulas against PyTorch."""

import pytest
import torch
from torch import nn
from torch.utils import flop_counter

from snippets.macs import (
    conv2d_macs,
    conv2d_params,
    layer_table,
    linear_macs,
    linear_params,
    separable_ratio,
    tiny_cnn,
    torch_params,
)

CONVS = [
    nn.Conv2d(3, 8, 3),
    nn.Conv2d(3, 8, 3, bias=False),
    nn.Conv2d(8, 8, 5, stride=2, padding=2, groups=8),
    nn.Conv2d(8, 12, (1, 7), padding=(0, 3), groups=4),
    nn.Conv2d(4, 6, 3, dilation=2, padding=2),
]


@pytest.mark.parametrize("conv", CONVS, ids=str)
def test_conv_params_formula_equals_numel(conv):
    """C_out*(C_in/groups)*kH*kW (+ C_out) equals sum(p.numel()) for every conv layer."""
    assert conv2d_params(conv) == torch_params(conv)


@pytest.mark.parametrize("bias", [True, False])
def test_linear_params_formula_equals_numel(bias):
    """in*out (+ out) equals sum(p.numel()) for a Linear layer."""
    fc = nn.Linear(7, 5, bias=bias)
    assert linear_params(fc) == torch_params(fc) == 35 + 5 * bias


@pytest.mark.parametrize("conv", CONVS, ids=str)
def test_conv_macs_are_half_of_pytorch_flops(conv):
    """conv2d_macs is exactly half of what FlopCounterMode's conv formula reports."""
    x = torch.zeros(1, conv.in_channels, 11, 11)
    out = conv(x)
    torch_flops = flop_counter.conv_flop_count(
        list(x.shape), list(conv.weight.shape), list(out.shape)
    )
    assert 2 * conv2d_macs(conv, tuple(out.shape[2:])) == torch_flops


@pytest.mark.parametrize("conv", CONVS, ids=str)
def test_conv_macs_are_weights_times_positions(conv):
    """Each weight is used once per output position: MACs = weight count * H_out * W_out."""
    out_hw = tuple(conv(torch.zeros(1, conv.in_channels, 11, 11)).shape[2:])
    assert conv2d_macs(conv, out_hw) == conv.weight.numel() * out_hw[0] * out_hw[1]


def test_tiny_cnn_table_matches_pytorch():
    """Conv and linear params by formula plus BN's 2*C give sum(p.numel()) of the whole model."""
    torch.manual_seed(0)
    model = tiny_cnn()
    rows = layer_table(model, torch.zeros(1, 3, 32, 32))
    assert [r[0] for r in rows] == ["0 Conv2d", "3 Conv2d", "4 Conv2d", "8 Linear"]
    assert sum(r[2] for r in rows) + 2 * 16 == torch_params(model) == 1514
    assert linear_macs(model[8]) == rows[3][3] == 320


def test_batchnorm_buffers_are_not_parameters():
    """BatchNorm2d(C) has 2C parameters; its running statistics are buffers, not parameters."""
    bn = nn.BatchNorm2d(16)
    assert torch_params(bn) == 32
    assert sum(b.numel() for b in bn.buffers()) == 33
    assert len(bn.state_dict()) == 5


def test_params_do_not_depend_on_resolution_but_macs_do():
    """Doubling H and W leaves params unchanged, multiplies conv MACs by 4, not the head's."""
    model = tiny_cnn()
    small = layer_table(model, torch.zeros(1, 3, 32, 32))
    big = layer_table(model, torch.zeros(1, 3, 64, 64))
    assert [r[2] for r in big] == [r[2] for r in small]
    assert [b[3] / s[3] for b, s in zip(big, small, strict=True)] == [4, 4, 4, 1]


@pytest.mark.parametrize(("c_in", "c_out", "k"), [(64, 128, 3), (32, 32, 5), (16, 64, 7)])
def test_separable_ratio(c_in, c_out, k):
    """Depthwise + pointwise costs 1/C_out + 1/k^2 of a full conv (MobileNet)."""
    assert separable_ratio(c_in, c_out, k, (14, 14)) == pytest.approx(1 / c_out + 1 / k**2)


@pytest.mark.parametrize("groups", [2, 4, 8])
def test_groups_divide_weights_and_macs(groups):
    """With g groups a conv has 1/g of the weights and 1/g of the MACs of the ungrouped conv."""
    full, grouped = nn.Conv2d(8, 16, 3, bias=False), nn.Conv2d(8, 16, 3, groups=groups, bias=False)
    assert conv2d_params(full) == groups * conv2d_params(grouped)
    assert conv2d_macs(full, (6, 6)) == groups * conv2d_macs(grouped, (6, 6))


def test_exercise_ordinary_conv_instead_of_the_separable_block() -> None:
    """Exercise 1: a full 3x3 conv 16 -> 32 on 16x16 has 4640 params and 1179648 MACs; the
    separable block has 704 and 167936, a ratio of 1/32 + 1/9 = 0.1424."""
    full = nn.Conv2d(16, 32, 3, padding=1)
    assert conv2d_params(full) == 4640
    assert conv2d_macs(full, (16, 16)) == 1_179_648
    rows = layer_table(tiny_cnn(), torch.randn(1, 3, 32, 32))
    assert rows[1][2] + rows[2][2] == 704
    assert rows[1][3] + rows[2][3] == 167_936
    assert separable_ratio(16, 32, 3, (16, 16)) == pytest.approx(167_936 / 1_179_648)
    assert separable_ratio(16, 32, 3, (16, 16)) == pytest.approx(0.1424, abs=5e-5)


def test_exercise_224_input_multiplies_conv_macs_by_49() -> None:
    """Exercise 2: at 224x224 the conv MACs grow 49x to 13647872, the linear layer keeps 320,
    the total is 13648192 and the parameters stay 1482."""
    rows = layer_table(tiny_cnn(), torch.randn(1, 3, 224, 224))
    assert sum(r[3] for r in rows[:3]) == 49 * 278_528 == 13_647_872
    assert rows[3][3] == 320
    assert sum(r[3] for r in rows) == 13_648_192
    assert sum(r[2] for r in rows) == 1482


def test_exercise_state_dict_counts_buffers_too() -> None:
    """Exercise 3: the state_dict holds 1547 values: 1514 parameters plus 33 buffer values."""
    model = tiny_cnn()
    assert sum(v.numel() for v in model.state_dict().values()) == 1547
    assert torch_params(model) == 1514
    assert sum(b.numel() for b in model.buffers()) == 33
