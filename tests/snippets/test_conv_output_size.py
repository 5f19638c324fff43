"""Tests for snippets/conv_output_size.py: the floor formula against PyTorch's layers."""

import itertools

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.conv_output_size import (
    conv_output_size,
    conv_transpose_output_size,
    grid_mismatches,
    notes_formula,
    torch_output_size,
)


def test_formula_matches_pytorch_on_a_grid():
    """floor((H + 2p - d(k-1) - 1)/s) + 1 equals F.conv2d's output size in all 342 settings."""
    tried, bad = grid_mismatches()
    assert tried == 342
    assert bad == []


def test_formula_matches_nn_conv2d_with_rectangular_input():
    """nn.Conv2d applies the formula to height and width separately."""
    conv = nn.Conv2d(2, 4, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(1, 2))
    out = conv(torch.zeros(1, 2, 9, 13))
    assert out.shape == (1, 4, conv_output_size(9, 3, 2, 1, 1), conv_output_size(13, 5, 1, 2, 2))


def test_notes_formula_needs_a_floor():
    """W=6, F=3, P=0, S=2: the notes' formula gives 2.5, the layer gives 2."""
    assert notes_formula(6, 3, 0, 2) == 2.5
    assert conv_output_size(6, 3, s=2) == torch_output_size(6, 3, s=2) == 2


def test_floored_notes_formula_is_right_only_without_dilation():
    """floor of the notes' formula is correct for d = 1 and wrong for dilated kernels."""
    for h, k, s, p in itertools.product(range(5, 12), (1, 2, 3, 5), (1, 2, 3), (0, 1, 2)):
        assert int(notes_formula(h, k, p, s)) == conv_output_size(h, k, s, p)
    assert int(notes_formula(9, 3, 0, 1)) == 7 != conv_output_size(9, 3, d=2) == 5


def test_resnet_stem():
    """ResNet's 7x7/2 conv and 3x3/2 max pool take 224 to 112 and then to 56."""
    assert conv_output_size(224, 7, s=2, p=3) == torch_output_size(224, 7, s=2, p=3) == 112
    pooled = F.max_pool2d(torch.zeros(1, 1, 112, 112), 3, stride=2, padding=1)
    assert conv_output_size(112, 3, s=2, p=1) == pooled.shape[2] == 56


@pytest.mark.parametrize(("k", "d"), [(1, 1), (3, 1), (5, 1), (7, 1), (3, 2), (3, 3)])
def test_same_padding_keeps_the_size(k, d):
    """With stride 1 and odd k, p = d(k-1)/2 keeps the input size."""
    assert conv_output_size(32, k, p=d * (k - 1) // 2, d=d) == 32


def test_strided_conv_loses_the_input_size():
    """With stride 2, inputs 7 and 8 both give 4; output_padding picks one on the way back."""
    assert conv_output_size(7, 3, s=2, p=1) == conv_output_size(8, 3, s=2, p=1) == 4
    assert conv_transpose_output_size(4, 3, s=2, p=1) == 7
    assert conv_transpose_output_size(4, 3, s=2, p=1, output_padding=1) == 8


@pytest.mark.parametrize(
    ("h", "k", "s", "p", "d", "op"),
    [
        (4, 3, 2, 1, 1, 0),
        (4, 3, 2, 1, 1, 1),
        (5, 4, 2, 1, 1, 0),
        (3, 3, 1, 0, 2, 0),
        (6, 2, 3, 0, 1, 2),
    ],
)
def test_transposed_formula_matches_conv_transpose2d(h, k, s, p, d, op):
    """The transposed-convolution formula equals nn.ConvTranspose2d's output size."""
    layer = nn.ConvTranspose2d(1, 1, k, stride=s, padding=p, dilation=d, output_padding=op)
    assert layer(torch.zeros(1, 1, h, h)).shape[2] == conv_transpose_output_size(h, k, s, p, d, op)


@pytest.mark.parametrize("h", [8, 14, 56, 224])
def test_k3_s2_p1_halves_even_lengths(h):
    """k=3, s=2, p=1 takes an even length H to exactly H/2."""
    assert conv_output_size(h, 3, s=2, p=1) == torch_output_size(h, 3, s=2, p=1) == h // 2


def test_ceil_mode_pooling_can_give_one_more():
    """Max pooling with ceil_mode=True rounds up: 6 -> 3 instead of the formula's 2."""
    x = torch.zeros(1, 1, 6, 6)
    assert F.max_pool2d(x, 3, stride=2).shape[2] == conv_output_size(6, 3, s=2) == 2
    assert F.max_pool2d(x, 3, stride=2, ceil_mode=True).shape[2] == 3


def test_kernel_longer_than_padded_input_is_an_error():
    """When d(k-1)+1 exceeds H+2p (skipped in the grid), PyTorch raises an error."""
    with pytest.raises(RuntimeError):
        torch_output_size(5, 5, d=2)


def test_exercise_dilated_kernel_with_padding_one_shrinks_to_30():
    """Exercise 1: k=3, d=2, p=1 on 32: the kernel spans 5, so the output is 30, not 32."""
    assert conv_output_size(32, 3, p=1, d=2) == torch_output_size(32, 3, p=1, d=2) == 30


def test_exercise_resnet_stem_on_224_and_225():
    """Exercise 2: the stem takes 224 -> 112 -> 56 but 225 -> 113 -> 57."""
    sizes = {}
    for h in (224, 225):
        conv = conv_output_size(h, 7, s=2, p=3)
        assert conv == torch_output_size(h, 7, s=2, p=3)
        pool = conv_output_size(conv, 3, s=2, p=1)
        assert pool == F.max_pool2d(torch.zeros(1, 1, conv, conv), 3, 2, 1).shape[2]
        sizes[h] = (conv, pool)
    assert sizes == {224: (112, 56), 225: (113, 57)}


def test_exercise_same_padding_for_k5_d2_is_four():
    """Exercise 3: k=5, d=2 spans 9 pixels; p = d(k-1)/2 = 4 keeps 32 at stride 1."""
    assert 2 * (5 - 1) + 1 == 9
    assert conv_output_size(32, 5, p=4, d=2) == torch_output_size(32, 5, p=4, d=2) == 32
