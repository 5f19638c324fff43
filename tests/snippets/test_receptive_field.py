"""Tests for snippets/receptive_field.py: the claims the receptive-field page makes."""

import math

import pytest
import torch
from torch import nn

from snippets.receptive_field import (
    STACKS,
    Layer,
    build_stack,
    effective_width,
    gradient_profile,
    growth_data,
    main,
    measured_receptive_field,
    receptive_field,
)


@pytest.mark.parametrize("name", list(STACKS))
def test_closed_form_equals_autograd(name: str) -> None:
    """The recurrence's size equals the extent of the non-zero input gradient of one output."""
    layers = STACKS[name]
    assert measured_receptive_field(layers) == receptive_field(layers)[0]


def test_measurement_is_the_same_in_both_axes_and_any_seed() -> None:
    """The non-zero gradient forms a size x size square, whatever the positive input."""
    layers = STACKS["3x3 convs, stride 2, 2, 1"]
    size, _ = receptive_field(layers)
    assert measured_receptive_field(layers, seed=3) == size
    x = torch.rand(1, 1, size, size, dtype=torch.float64).add(0.5).requires_grad_()
    build_stack(layers)(x)[0, 0, 0, 0].backward()
    assert int((x.grad != 0).sum()) == size * size


def test_known_values() -> None:
    """Three 3x3 convs see 7x7 like one 7x7; dilations 1, 2, 4 reach 15; the ResNet stem 11."""
    assert receptive_field([Layer("conv", 3)] * 3) == (7, 1)
    assert receptive_field([Layer("conv", 7)]) == (7, 1)
    assert receptive_field([Layer("conv", 3, 1, d) for d in (1, 2, 4)]) == (15, 1)
    assert receptive_field([Layer("conv", 7, 2), Layer("maxpool", 3, 2)]) == (11, 4)


def test_linear_growth_of_a_plain_stack() -> None:
    """L stride-1 k x k convolutions give L(k - 1) + 1, i.e. 2L + 1 for 3x3."""
    for depth in range(1, 9):
        assert receptive_field([Layer("conv", 3)] * depth)[0] == 2 * depth + 1
        assert receptive_field([Layer("conv", 5)] * depth)[0] == 4 * depth + 1


def test_max_pool_hides_part_of_the_receptive_field_from_autograd() -> None:
    """With max pooling the gradient reaches only the winning window: 7 rows instead of 11."""
    stem = [Layer("conv", 7, 2), Layer("maxpool", 3, 2)]
    assert measured_receptive_field(stem) == 7 < receptive_field(stem)[0]


def test_profile_matches_nn_conv1d_and_has_variance_two_thirds_per_layer() -> None:
    """The 1-D gradient profile is a repeated box filter; its variance is 2L/3 (std ~ sqrt(L))."""
    for depth in (1, 4, 9):
        profile = gradient_profile(depth)
        box = nn.Conv1d(1, 1, 3, padding=2, bias=False).double()
        nn.init.ones_(box.weight)
        expected = torch.ones(1, 1, 1, dtype=torch.float64)
        with torch.no_grad():
            for _ in range(depth):
                expected = box(expected)
        torch.testing.assert_close(profile, (expected / expected.sum()).flatten())
        offsets = torch.arange(len(profile), dtype=torch.float64) - len(profile) // 2
        assert float((profile * offsets**2).sum()) == pytest.approx(2 * depth / 3)
        assert math.sqrt(2 * depth / 3) < (2 * depth + 1) / 2


def test_effective_width_lags_behind() -> None:
    """95 % of the gradient of 16 stacked 3x3 convs lies in 13 of the 33 theoretical pixels."""
    data = growth_data()
    assert data["theoretical"][15] == 33
    assert data["effective"][15] == 13
    assert all(e <= t for e, t in zip(data["effective"], data["theoretical"], strict=True))
    ratios = [e / t for e, t in zip(data["effective"], data["theoretical"], strict=True)]
    assert ratios[15] < ratios[7] < ratios[3]


def test_effective_width_definition() -> None:
    """A point mass has width 1; a uniform profile of length 5 needs all 5 for 95 %."""
    assert effective_width(torch.tensor([0.0, 1.0, 0.0])) == 1
    assert effective_width(torch.full((5,), 0.2)) == 5


def test_main_prints_formula_and_autograd(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the ResNet stem's 11 both ways and the max-pool measurement 7."""
    main()
    out = capsys.readouterr().out
    assert "formula 11 (jump 4)  autograd 11" in out
    assert "ResNet stem with max pool, by autograd     7" in out
    assert "16 stacked 3x3 convs: theoretical 33, effective (95 %) 13" in out


def test_three_3x3_cost_27_c2_one_7x7_costs_49_c2() -> None:
    """Same receptive field 7, but C -> C weights: 3 x 9 C^2 = 27 C^2 against 49 C^2."""
    c = 8
    stack = [nn.Conv2d(c, c, 3, bias=False) for _ in range(3)]
    assert sum(p.numel() for m in stack for p in m.parameters()) == 27 * c * c
    assert sum(p.numel() for p in nn.Conv2d(c, c, 7, bias=False).parameters()) == 49 * c * c
