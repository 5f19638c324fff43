"""Tests for snippets/feature_map.py: the claims the feature-map page makes."""

import pytest
import torch
from torch import nn

from snippets.feature_map import (
    EDGE_FILTERS,
    SHIFT,
    channel_from_one_filter,
    edge_maps,
    feature_map_bytes,
    feature_map_shapes,
    figure_data,
    main,
    shift_commutes,
    small_cnn,
    square_image,
)


def _out_len(h: int, k: int, s: int, p: int) -> int:
    return (h + 2 * p - k) // s + 1


def test_shapes_follow_filters_and_output_size_formula() -> None:
    """After each conv, C = number of filters and H, W follow floor((H + 2p - k)/s) + 1."""
    torch.manual_seed(0)
    model = small_cnn()
    shapes = feature_map_shapes(model, torch.randn(2, 3, 32, 32))
    h = 32
    for layer, (_, shape) in zip(model, shapes, strict=True):
        if isinstance(layer, nn.Conv2d):
            h = _out_len(h, layer.kernel_size[0], layer.stride[0], layer.padding[0])
            assert shape == (2, layer.out_channels, h, h)
        elif isinstance(layer, nn.MaxPool2d):
            h //= 2
            assert shape[2:] == (h, h)
    assert shapes[-1][1] == (2, 64, 8, 8)


def test_channel_c_is_filter_c_alone() -> None:
    """Output channel c of nn.Conv2d equals F.conv2d with only filter c (and its bias)."""
    torch.manual_seed(1)
    conv = nn.Conv2d(3, 5, kernel_size=3, stride=2, padding=1)
    x = torch.randn(2, 3, 9, 9)
    full = conv(x)
    for c in range(5):
        torch.testing.assert_close(channel_from_one_filter(x, conv, c), full[:, c])
    conv_nobias = nn.Conv2d(3, 2, kernel_size=1, bias=False)
    torch.testing.assert_close(channel_from_one_filter(x, conv_nobias, 1), conv_nobias(x)[:, 1])


def test_resnet_stem_output_memory() -> None:
    """(1, 64, 112, 112) in float32 is 3,211,264 bytes; fp16 halves it; 2x H and W gives 4x."""
    assert feature_map_bytes((1, 64, 112, 112)) == 64 * 112 * 112 * 4 == 3_211_264
    assert feature_map_bytes((1, 64, 112, 112), torch.float16) == 3_211_264 // 2
    assert feature_map_bytes((1, 64, 224, 224)) == 4 * 3_211_264 == 12_845_056


def test_edge_maps_match_conv2d_with_circular_padding() -> None:
    """edge_maps equals nn.Conv2d(padding_mode='circular') carrying the two edge filters."""
    image = square_image()
    conv = nn.Conv2d(1, 2, 3, padding=1, padding_mode="circular", bias=False).double()
    with torch.no_grad():
        conv.weight.copy_(EDGE_FILTERS)
    torch.testing.assert_close(edge_maps(image), conv(image[None, None])[0].detach())


def test_vertical_filter_sees_only_vertical_edges() -> None:
    """Channel 0 is non-zero only beside the left and right sides, channel 1 top and bottom."""
    maps = edge_maps(square_image(top=4, left=3, side=6))
    cols = maps[0].abs().sum(dim=0).nonzero().flatten().tolist()
    rows = maps[1].abs().sum(dim=1).nonzero().flatten().tolist()
    assert cols == [2, 3, 8, 9]
    assert rows == [3, 4, 9, 10]


def test_stride_one_is_shift_equivariant_stride_two_only_for_even_shifts() -> None:
    """Stride 1: any shift moves the map. Stride 2: even shifts move it by half, odd ones do not."""
    image = square_image()
    assert shift_commutes(image, 3, 5, stride=1)
    assert shift_commutes(image, 2, 4, stride=2)
    assert not shift_commutes(image, 1, 0, stride=2)


def test_figure_data_shifted_maps_are_rolled_maps() -> None:
    """The figure's second row is its first row rolled by SHIFT, maps included."""
    data = figure_data()
    torch.testing.assert_close(data["shifted maps"], torch.roll(data["maps"], SHIFT, dims=(1, 2)))


def test_main_prints_the_shapes(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the last shape and the channel check as the page quotes them."""
    main()
    out = capsys.readouterr().out
    assert "after Conv2d          (8, 64, 8, 8)" in out
    assert "(all 16): True" in out
    assert "802816 values, 3.21 MB fp32" in out
