"""Tests for snippets/depth_and_width.py: the claims the depth-and-width page makes."""

import pytest
import torch
from torch import nn

from snippets.depth_and_width import (
    BASE,
    conv_stack,
    count_params,
    linear_pieces,
    main,
    mlp,
    mlp_params,
    sawtooth,
    scaling_data,
)


@pytest.mark.parametrize(("width", "depth"), [(8, 1), (16, 3), (64, 4), (33, 7)])
def test_formula_matches_counted_parameters(width: int, depth: int) -> None:
    """mlp_params equals the number of parameters nn.Linear layers actually hold."""
    assert mlp_params(10, width, depth, 3) == count_params(mlp(10, width, depth, 3))


def test_conv_width_squared_depth_linear() -> None:
    """Conv stack C -> C: 2x channels gives 4x the weights (biases 2x); 2x depth gives 2x."""
    base = count_params(conv_stack(64, 4))
    assert count_params(conv_stack(64, 8)) == 2 * base
    weights = lambda c, d: d * c * c * 9  # noqa: E731
    assert count_params(conv_stack(128, 4)) == weights(128, 4) + 4 * 128
    assert weights(128, 4) == 4 * weights(64, 4)


def test_mlp_width_ratio_tends_to_m_squared() -> None:
    """Doubling an MLP's width multiplies its parameters by less than 4 (the input and output
    layers grow only linearly) but approaches 4 as the hidden part dominates; doubling depth
    gives about 2."""
    data = scaling_data()
    base = data["width x m"][0]
    assert 3 < data["width x m"][1] / base < 4
    assert 1.9 < data["depth x m"][1] / base < 2
    big = mlp_params(16, 2048, 8, 16)
    assert mlp_params(16, 4096, 8, 16) / big == pytest.approx(4, rel=0.01)


def test_sawtooth_doubles_its_pieces_per_layer() -> None:
    """L tent layers (2 ReLUs each) make exactly 2**L linear pieces on [0, 1]."""
    for depth in range(1, 7):
        assert linear_pieces(sawtooth(depth)) == 2**depth


def test_sawtooth_matches_the_tent_map() -> None:
    """The network equals the tent map t(x) = 2x for x <= 1/2, 2 - 2x above, composed L times."""
    x = torch.linspace(0, 1, 257, dtype=torch.float64)[:, None]

    def tent(v: torch.Tensor) -> torch.Tensor:
        return torch.where(v <= 0.5, 2 * v, 2 - 2 * v)

    with torch.no_grad():
        torch.testing.assert_close(sawtooth(3)(x), tent(tent(tent(x))))


def test_one_hidden_layer_has_at_most_units_plus_one_pieces() -> None:
    """A random 1-D ReLU network with one hidden layer of n units has at most n + 1 pieces, so
    matching 2**L pieces needs at least 2**L - 1 units against 2L for the deep sawtooth."""
    gen = torch.Generator().manual_seed(0)
    for n in (3, 7, 15):
        for _ in range(3):
            net = nn.Sequential(nn.Linear(1, n), nn.ReLU(), nn.Linear(n, 1)).double()
            with torch.no_grad():
                for p in net.parameters():
                    p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64))
            assert linear_pieces(net, -3.0, 3.0) <= n + 1


def test_base_model_and_main(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo's base MLP has 17,290 parameters and the sawtooth line for 6 layers says 64."""
    assert mlp_params(**BASE) == 17_290
    main()
    out = capsys.readouterr().out
    assert "17290 parameters (formula 17290)" in out
    assert "sawtooth, 6 layers (12 ReLUs): 64 linear pieces" in out


def test_conv_macs_scale_as_d_w2_r2() -> None:
    """MACs of a C -> C conv stack scale as depth * width**2 * resolution**2 (EfficientNet's rule):
    the formula matches the count from snippets.macs for every combination of 1x and 2x."""
    from snippets.depth_and_width import conv_stack_macs
    from snippets.macs import conv2d_macs

    assert conv_stack_macs(64, 4, 56) == 4 * conv2d_macs(nn.Conv2d(64, 64, 3), (56, 56))
    base = conv_stack_macs(64, 4, 56)
    for d in (1, 2):
        for w in (1, 2):
            for r in (1, 2):
                assert conv_stack_macs(64 * w, 4 * d, 56 * r) == d * w**2 * r**2 * base
