"""Tests for snippets/activation_function.py: the hub's comparison table and linear collapse."""

import math
from typing import NamedTuple

import pytest
import torch
import torch.nn.functional as F

from snippets.activation_function import (
    ACTIVATIONS,
    FIGURES,
    curves_data,
    linear_stack_collapse,
    table,
)

TORCH = {
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": F.relu,
    "leaky-relu": F.leaky_relu,  # default negative_slope = 0.01, as in snippets.leaky_relu
    "elu": F.elu,  # default alpha = 1.0
    "gelu": F.gelu,  # exact erf form
    "silu": F.silu,
}


class Claim(NamedTuple):
    """One row of the hub's comparison table, as the pages state it."""

    low: float  # infimum of the range
    low_open: bool  # True if the infimum is approached but never reached
    high: float  # supremum of the range (inf: unbounded above)
    slope0: float  # f′(0) as PyTorch's autograd defines it
    dead_left: bool  # f′(x) → 0 as x → −∞
    dead_right: bool  # f′(x) → 0 as x → +∞
    minimum: tuple[float, float] | None  # (value, location) of an interior minimum


INF = math.inf
CLAIMS = {
    "sigmoid": Claim(0.0, True, 1.0, 0.25, True, True, None),
    "tanh": Claim(-1.0, True, 1.0, 1.0, True, True, None),
    "relu": Claim(0.0, False, INF, 0.0, True, False, None),
    "leaky-relu": Claim(-INF, True, INF, 0.01, False, False, None),
    "elu": Claim(-1.0, True, INF, 1.0, True, False, None),
    "gelu": Claim(-0.1700, False, INF, 0.5, True, False, (-0.16997, -0.7518)),
    "silu": Claim(-0.2785, False, INF, 0.5, True, False, (-0.27846, -1.2785)),
}

X = torch.cat(
    [
        torch.arange(-3000, 3001, dtype=torch.float64) / 100,
        torch.tensor([-1e4, -500.0, 500.0, 1e4], dtype=torch.float64),
    ]
)


@pytest.fixture(scope="module")
def rows():
    """The table the hub prints, computed once."""
    return table()


def test_all_seven_listed():
    """The hub covers exactly the seven activations, and every one has a claims row."""
    assert list(ACTIVATIONS) == ["sigmoid", "tanh", "relu", "leaky-relu", "elu", "gelu", "silu"]
    assert set(CLAIMS) == set(ACTIVATIONS)


@pytest.mark.parametrize("slug", list(CLAIMS))
def test_activation_row(slug, rows):
    """One activation against PyTorch and against the hub table: values and slopes match
    torch (autograd) on a grid up to |x| = 1e4; the range, f′(0) and the saturation on
    each side are what the table says."""
    _name, f, df = ACTIVATIONS[slug]
    claim, row = CLAIMS[slug], rows[slug]

    # Values and derivative agree with PyTorch's implementation and autograd.
    x = X.clone().requires_grad_()
    y_ref = TORCH[slug](x)
    y_ref.sum().backward()
    torch.testing.assert_close(f(X), y_ref.detach(), rtol=1e-7, atol=1e-12)
    torch.testing.assert_close(df(X), x.grad, rtol=1e-7, atol=1e-12)

    # Range: the stated bounds hold on the grid, open where the table says so.
    y = f(torch.arange(-1000, 1001, dtype=torch.float64) / 100)
    if claim.low == -INF:
        assert row.left_tail == pytest.approx(-100.0)  # Leaky ReLU: f(−1e4) = −100, no floor
    elif claim.low_open:
        assert y.min().item() > claim.low  # never reached on the grid ...
        assert row.left_tail == pytest.approx(claim.low, abs=1e-12)  # ... but approached
    else:
        assert y.min().item() == pytest.approx(claim.low, abs=5e-5)
    if claim.high == INF:
        assert row.right_tail == pytest.approx(1e4)  # grows without bound: f(x) ≈ x
    else:
        assert y.max().item() < claim.high
        assert row.right_tail == pytest.approx(claim.high)

    # Interior minimum (GELU, SiLU): value and location on a 0.001 grid.
    if claim.minimum is not None:
        fine = torch.arange(-3000, 1, dtype=torch.float64) / 1000
        yf = f(fine)
        i = int(torch.argmin(yf))
        assert yf[i].item() == pytest.approx(claim.minimum[0], abs=1e-5)
        assert fine[i].item() == pytest.approx(claim.minimum[1], abs=1e-3)

    # f′(0), as PyTorch's autograd defines it at the kinks of ReLU and Leaky ReLU.
    x0 = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    TORCH[slug](x0).sum().backward()
    assert x0.grad.item() == pytest.approx(claim.slope0, abs=1e-15)
    assert row.slope_at_0 == pytest.approx(claim.slope0, abs=1e-15)

    # Saturation: does the slope die out (|f′| < 1e-11) at −30 and +30?
    assert (abs(row.slope_far_left) < 1e-11) == claim.dead_left
    assert (abs(row.slope_far_right) < 1e-11) == claim.dead_right


def test_leaky_relu_slope_is_alpha_for_every_negative_input():
    """Leaky ReLU's slope is exactly α = 0.01 at −1, −30 and −1e4: no vanishing gradient."""
    _name, _f, df = ACTIVATIONS["leaky-relu"]
    g = df(torch.tensor([-1.0, -30.0, -1e4], dtype=torch.float64))
    assert g.tolist() == [0.01, 0.01, 0.01]


def test_elu_saturates_on_the_left():
    """ELU's slope α·eˣ is ≈ 2·10⁻⁹ at x = −20 and keeps shrinking: ELU does saturate."""
    _name, _f, df = ACTIVATIONS["elu"]
    g = df(torch.tensor([-20.0, -40.0], dtype=torch.float64))
    assert g[0].item() == pytest.approx(math.exp(-20), rel=1e-12)
    assert g[1] < g[0]


def test_linear_layers_collapse_but_tanh_layers_do_not():
    """Three linear layers equal one product layer to rounding error; with tanh in between,
    even the best single affine map misses by an RMS error above 0.1."""
    linear_err, fit_rms = linear_stack_collapse()
    assert linear_err < 1e-12
    assert fit_rms > 0.1


def test_figure_data_covers_all_seven():
    """The figure draws f and f′ for all seven activations on the same x grid."""
    data = curves_data()
    assert list(data) == list(ACTIVATIONS)
    for x, y, dy in data.values():
        assert x.shape == y.shape == dy.shape
        assert torch.isfinite(y).all() and torch.isfinite(dy).all()
    assert set(FIGURES) == {"activation-curves"}


def test_exercise_ten_layers_of_slopes_at_zero():
    """Exercise 1: weights aside, 10 layers whose pre-activations are all 0 multiply the gradient
    by f'(0)**10: 9.5e-7 for the sigmoid, 1 for tanh, 9.8e-4 for GELU and 0 for ReLU."""
    rows = table()
    assert rows["sigmoid"].slope_at_0 ** 10 == pytest.approx(9.5e-7, rel=1e-2)
    assert rows["tanh"].slope_at_0 ** 10 == 1.0
    assert rows["gelu"].slope_at_0 ** 10 == pytest.approx(9.8e-4, rel=1e-2)
    assert rows["relu"].slope_at_0 ** 10 == 0.0


def test_exercise_elu_left_slope_equals_the_sigmoid_slope_at_30():
    """Exercise 2: ELU'(-30) = e^-30 and sigma'(+-30) = e^-30 / (1 + e^-30)^2 agree to 1e-12
    relative, both 9.36e-14 in the table."""
    rows = table()
    assert rows["elu"].slope_far_left == pytest.approx(math.exp(-30), rel=1e-12)
    assert rows["sigmoid"].slope_far_left == pytest.approx(math.exp(-30), rel=1e-12)
    assert rows["sigmoid"].slope_far_right == pytest.approx(9.36e-14, rel=1e-3)
