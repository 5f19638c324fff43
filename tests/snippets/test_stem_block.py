"""Tests for snippets/stem_block.py: the claims the stem-block page makes."""

import pytest
import torch
from torch import nn

from snippets.macs import conv2d_macs
from snippets.stem_block import (
    conv_macs,
    main,
    parameter_count,
    patches_then_linear,
    resnet_stem,
    sizes_through,
    vit_patchify_stem,
)


def _out(h: int, k: int, s: int, p: int) -> int:
    return (h + 2 * p - k) // s + 1


def test_resnet_stem_224_to_56() -> None:
    """The stem module gives 112 after the conv and 56 after the pool, as the output-size
    formula predicts: a 4x reduction in height and width, 64 channels."""
    sizes = sizes_through(resnet_stem())
    assert [h for _, h, _ in sizes] == [224, 112, 112, 112, 56]
    assert _out(224, 7, 2, 3) == 112 and _out(112, 3, 2, 1) == 56
    assert sizes[-1][2] == 64


def test_stem_reduces_other_sizes_by_four_too() -> None:
    """For any input that is a multiple of 32 the stem output is input / 4."""
    for size in (64, 96, 160):
        assert sizes_through(resnet_stem(), size)[-1][1] == size // 4


def test_stem_is_part_of_the_network_not_preprocessing() -> None:
    """Refutes the notes: the stem has learned weights, and a backward pass gives them gradients."""
    stem = resnet_stem()
    stem(torch.randn(2, 3, 32, 32)).sum().backward()
    conv, bn = stem[0], stem[1]
    assert conv.weight.requires_grad and conv.weight.grad.abs().sum() > 0
    assert bn.weight.grad is not None
    assert parameter_count(conv) == 64 * 3 * 7 * 7 == 9408


def test_stem_conv_costs_about_one_stage1_conv() -> None:
    """MACs: 7x7x3 -> 64 at 112x112 is 118,013,952, about a 3x3 64 -> 64 conv at 56x56
    (115,605,504); the formula agrees with snippets.macs.conv2d_macs."""
    conv = resnet_stem()[0]
    stage1 = nn.Conv2d(64, 64, 3, padding=1, bias=False)
    assert conv_macs(conv, 112) == conv2d_macs(conv, (112, 112)) == 118_013_952
    assert conv_macs(stage1, 56) == conv2d_macs(stage1, (56, 56)) == 115_605_504


def test_vit_patchify_gives_196_tokens() -> None:
    """A 16x16 stride-16 conv turns 224x224 into a 14x14 grid, i.e. 196 tokens of width 768."""
    vit = vit_patchify_stem()
    with torch.no_grad():
        out = vit(torch.zeros(1, 3, 224, 224))
    assert out.shape == (1, 768, 14, 14)
    assert parameter_count(vit) == 768 * 3 * 16 * 16 + 768 == 590_592


def test_patchify_conv_is_a_linear_layer_on_patches() -> None:
    """Conv2d(kernel=stride=p) equals flattening each p x p patch and multiplying by a matrix."""
    torch.manual_seed(0)
    conv = vit_patchify_stem(patch=4, dim=8).double()
    x = torch.randn(2, 3, 12, 16, dtype=torch.float64)
    tokens = conv(x).flatten(2).transpose(1, 2)
    torch.testing.assert_close(patches_then_linear(x, conv), tokens)


def test_main_prints_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints 56 x 56 after the pool and 196 tokens for ViT."""
    main()
    out = capsys.readouterr().out
    assert "MaxPool2d     64 x 56 x 56" in out
    assert "tokens (2, 196, 768)" in out
    assert "flatten patches + linear: True" in out


def test_exercise_numbers() -> None:
    """320 -> 80 through the ResNet stem; ViT-B/16 on 384x384 gives 24 x 24 = 576 tokens;
    the stem conv with stride 1 (224x224 output) would cost 4x the MACs: 472,055,808."""
    assert sizes_through(resnet_stem(), 320)[-1][1] == 80
    with torch.no_grad():
        grid = vit_patchify_stem()(torch.zeros(1, 3, 384, 384)).shape[-2:]
    assert grid == (24, 24) and grid[0] * grid[1] == 576
    stride1 = nn.Conv2d(3, 64, 7, stride=1, padding=3, bias=False)
    assert conv_macs(stride1, 224) == 4 * 118_013_952 == 472_055_808
