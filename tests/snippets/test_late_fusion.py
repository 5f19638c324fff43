"""Tests for snippets/late_fusion.py: the claims the late-fusion page makes."""

import torch

from snippets.late_fusion import (
    DTYPE,
    as_one_linear_layer,
    average_logits,
    average_probabilities,
    main,
    normalized_geometric_mean,
    two_head_example,
)

GEN = torch.Generator().manual_seed(0)
X_A = torch.randn(8, 3, generator=GEN, dtype=DTYPE)
X_B = torch.randn(8, 5, generator=GEN, dtype=DTYPE)


def _heads() -> tuple[torch.nn.Linear, torch.nn.Linear]:
    torch.manual_seed(1)
    return torch.nn.Linear(3, 4, dtype=DTYPE), torch.nn.Linear(5, 4, dtype=DTYPE)


def test_mean_of_linear_logits_is_one_linear_layer() -> None:
    """Averaging two linear heads' logits is one linear layer on cat(x_a, x_b): early fusion."""
    head_a, head_b = _heads()
    joint = as_one_linear_layer(head_a, head_b)
    late = (head_a(X_A) + head_b(X_B)) / 2
    torch.testing.assert_close(joint(torch.cat([X_A, X_B], dim=1)), late)
    torch.testing.assert_close(
        average_logits([head_a(X_A), head_b(X_B)]), joint(torch.cat([X_A, X_B], 1)).softmax(-1)
    )


def test_mean_logits_is_renormalised_geometric_mean() -> None:
    """softmax of the mean logits equals the renormalised geometric mean of the probabilities."""
    head_a, head_b = _heads()
    logits = [head_a(X_A), head_b(X_B)]
    torch.testing.assert_close(normalized_geometric_mean(logits), average_logits(logits))


def test_probability_average_differs() -> None:
    """Logits (4, 0), (0, 1): mean probabilities (σ(4) + σ(-1))/2 ≈ 0.6255, mean logits σ(1.5)."""
    p = two_head_example([4.0, 0.0], [0.0, 1.0])
    sig = torch.sigmoid(torch.tensor([4.0, -1.0, 1.5], dtype=DTYPE)).tolist()
    assert abs(p["mean probabilities"] - (sig[0] + sig[1]) / 2) < 1e-12
    assert abs(p["mean logits"] - sig[2]) < 1e-12
    assert round(p["mean probabilities"], 4) == 0.6255 and round(p["mean logits"], 4) == 0.8176


def test_probability_average_caps_each_head() -> None:
    """Averaged probabilities keep >= p_B/2 whatever head A says; averaged logits let A dominate."""
    zb = torch.tensor([[0.0, 3.0]], dtype=DTYPE)
    p_b = zb.softmax(-1)
    for scale in (1.0, 10.0, 1000.0):
        za = torch.tensor([[scale, 0.0]], dtype=DTYPE)
        avg = average_probabilities([za, zb])
        assert bool((avg >= p_b / 2 - 1e-15).all())
    huge = torch.tensor([[1000.0, 0.0]], dtype=DTYPE)
    assert average_logits([huge, zb])[0, 0].item() > 0.999
    assert average_probabilities([huge, zb])[0, 0].item() < 0.53


def test_main_runs(capsys) -> None:
    """main() prints both identities and both examples."""
    main()
    assert "mean probabilities 0.5237" in capsys.readouterr().out


def test_probability_average_is_not_a_linear_layer() -> None:
    """Two classes: log-odds of averaged probabilities stay below log 3 as head A's logit grows.

    A linear layer on the concatenation would give log-odds linear in that logit, so unbounded
    unless constant; here they are 0 at 0 and approach log 3, hence not linear.
    """
    zb = torch.zeros(1, 2, dtype=DTYPE)
    log_odds = []
    for u in (0.0, 10.0, 100.0):
        p = average_probabilities([torch.tensor([[u, 0.0]], dtype=DTYPE), zb])[0]
        log_odds.append(torch.log(p[0] / p[1]).item())
    assert abs(log_odds[0]) < 1e-12
    assert abs(log_odds[2] - torch.log(torch.tensor(3.0)).item()) < 1e-6
    assert log_odds[2] - log_odds[1] < 1e-3
