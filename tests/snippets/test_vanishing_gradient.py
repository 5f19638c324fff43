"""Tests for snippets/vanishing_gradient.py: the bounds and trends the page states."""

from itertools import pairwise

import pytest
import torch

from snippets.sigmoid import sigmoid
from snippets.vanishing_gradient import (
    DEPTHS,
    FIGURES,
    clipped_norm,
    depth_study_figure_data,
    linear_chain_backward,
    linear_chain_grad_norm,
    sigmoid_chain_grad,
)


@pytest.fixture(scope="module")
def norms():
    """The depth study (``depth_study()`` with its defaults) that main() prints and the figure
    plots: computed once per process, shared with them."""
    depths, norms = depth_study_figure_data()
    assert depths == DEPTHS
    return norms


@pytest.mark.parametrize("depth", [1, 3, 10, 20])
def test_sigmoid_chain_bound_is_tight_at_zero(depth):
    """With w = 1 and b = −0.5 every pre-activation is 0, and the slope equals 0.25^L exactly."""
    g = sigmoid_chain_grad(0.5, [1.0] * depth, [-0.5] * depth)
    assert g == pytest.approx(0.25**depth, rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_sigmoid_chain_never_beats_quarter_per_layer(seed):
    """For random |w| ≤ 1, the slope through 20 sigmoid layers is at most 0.25^20."""
    gen = torch.Generator().manual_seed(seed)
    w = (torch.rand(20, generator=gen, dtype=torch.float64) * 2 - 1).tolist()
    b = (torch.rand(20, generator=gen, dtype=torch.float64) * 4 - 2).tolist()
    assert abs(sigmoid_chain_grad(0.3, w, b)) <= 0.25**20


def test_sigmoid_chain_matches_chain_rule_product():
    """Autograd's slope equals the hand-written product of w_l · σ′(z_l)."""
    w, b = [0.8, -1.3, 2.0, 0.5], [0.1, -0.2, 0.3, 0.0]
    a, product = torch.tensor(0.4, dtype=torch.float64), 1.0
    for wl, bl in zip(w, b, strict=True):
        z = wl * a + bl
        product *= wl * (sigmoid(z) * (1 - sigmoid(z))).item()
        a = sigmoid(z)
    assert sigmoid_chain_grad(0.4, w, b) == pytest.approx(product, rel=1e-12)


def test_sigmoid_mlp_gradient_vanishes_with_depth(norms):
    """Sigmoid MLP: the first-layer gradient falls by more than 10^15 from depth 1 to depth 32,
    at least a factor 3 per layer on average."""
    s = norms["sigmoid"]
    assert s[-1] < 1e-15 * s[0]
    per_layer = (s[-1] / s[0]) ** (1 / (DEPTHS[-1] - DEPTHS[0]))
    assert per_layer < 1 / 3
    assert all(later < earlier for earlier, later in pairwise(s))


def test_relu_mlp_gradient_stays_order_one(norms):
    """ReLU MLP, He init: the first-layer gradient stays within 3× of its depth-1 value."""
    r = norms["relu"]
    assert all(r[0] / 3 < v < r[0] * 3 for v in r)


def test_tanh_sits_between(norms):
    """tanh MLP with Glorot init decays, but slowly: more than ReLU's at depth 32, far less
    than the sigmoid's (still above 1 % of its depth-1 value)."""
    t, r, s = norms["tanh"], norms["relu"], norms["sigmoid"]
    assert s[-1] < t[-1] < r[-1]
    assert t[-1] > 0.01 * t[0]
    assert t[-1] < t[0]


@pytest.mark.parametrize("gain", [0.9, 1.0, 1.1])
def test_orthogonal_chain_scales_as_gain_power(gain):
    """Through 50 orthogonal layers scaled by g, the backpropagated norm is exactly g^50."""
    assert linear_chain_grad_norm(gain, 50) == pytest.approx(gain**50, rel=1e-9)


def test_exploding_gradient_is_clipped():
    """clip_grad_norm_ acts on the chain's own gradient: it reports the exploded norm 1.1^50,
    rescales it to norm 1 and keeps its direction."""
    before, after = clipped_norm(1.1, 50, max_norm=1.0)
    assert before == pytest.approx(1.1**50, rel=1e-9)
    assert before == pytest.approx(linear_chain_grad_norm(1.1, 50), rel=1e-12)
    assert after == pytest.approx(1.0, rel=1e-6)
    raw = linear_chain_backward(1.1, 50).grad
    h0 = linear_chain_backward(1.1, 50)
    torch.nn.utils.clip_grad_norm_([h0], 1.0)
    assert torch.allclose(h0.grad, raw / raw.norm(), rtol=1e-6)


def test_figure_registered():
    """The page's figure is registered under its site-wide name."""
    assert set(FIGURES) == {"vanishing-gradient-depth"}


def test_exercise_weights_can_cancel_the_quarter():
    """Exercise 1: with w = 4, b = -2 and x = 0.5 every z is 0, so 20 layers give
    (4 * 0.25)**20 = 1 exactly; with w = 8, b = -4 they give 2**20 = 1048576."""
    assert sigmoid_chain_grad(0.5, [4.0] * 20, [-2.0] * 20) == 1.0
    assert sigmoid_chain_grad(0.5, [8.0] * 20, [-4.0] * 20) == 2.0**20 == 1048576.0


def test_exercise_clipping_does_not_scale_small_gradients_up():
    """Exercise 2: the gain-0.9 chain gradient (norm 0.9**50 = 5.1538e-3) passes through
    clip_grad_norm_(max_norm=1) unchanged."""
    before, after = clipped_norm(0.9, 50)
    assert before == pytest.approx(0.9**50)
    assert before == pytest.approx(5.1538e-3, rel=1e-4)
    assert after == before
