"""Late fusion (晚融合): merge the scores of per-modality (or per-scale) models.

Run ``python -m snippets.late_fusion`` from the repository root to print what the late-fusion
page states: averaging the logits of linear heads is one linear layer on the concatenated
features (early fusion in disguise), while averaging probabilities is a different rule that
caps how much any one head can contribute.
"""

from __future__ import annotations

import torch

DTYPE = torch.float64


# --8<-- [start:late-fusion]
def average_logits(logits: list[torch.Tensor]) -> torch.Tensor:
    """Late fusion on logits: the mean of the heads' logits, then one softmax.

    Args:
        logits: One ``(N, K)`` tensor per head.

    Returns:
        Class probabilities, shape ``(N, K)``.
    """
    return torch.stack(logits).mean(dim=0).softmax(dim=-1)


def average_probabilities(logits: list[torch.Tensor]) -> torch.Tensor:
    """Late fusion on probabilities: a softmax per head, then the mean.

    Args:
        logits: One ``(N, K)`` tensor per head.

    Returns:
        Class probabilities, shape ``(N, K)``.
    """
    return torch.stack([z.softmax(dim=-1) for z in logits]).mean(dim=0)


# --8<-- [end:late-fusion]


# --8<-- [start:as-early]
def as_one_linear_layer(head_a: torch.nn.Linear, head_b: torch.nn.Linear) -> torch.nn.Linear:
    """The single linear layer on cat(x_a, x_b) whose logits are the mean of the two heads'.

    Args:
        head_a: Linear head on modality A, ``d_a -> K``.
        head_b: Linear head on modality B, ``d_b -> K``.

    Returns:
        A ``(d_a + d_b) -> K`` layer with weight ``[W_a / 2, W_b / 2]`` and bias
        ``(b_a + b_b) / 2``.
    """
    d_a, d_b = head_a.in_features, head_b.in_features
    joint = torch.nn.Linear(d_a + d_b, head_a.out_features, dtype=head_a.weight.dtype)
    with torch.no_grad():
        joint.weight.copy_(torch.cat([head_a.weight, head_b.weight], dim=1) / 2)
        joint.bias.copy_((head_a.bias + head_b.bias) / 2)
    return joint


# --8<-- [end:as-early]


def normalized_geometric_mean(logits: list[torch.Tensor]) -> torch.Tensor:
    """The heads' probabilities multiplied (geometric mean) and renormalised to sum to 1.

    Args:
        logits: One ``(N, K)`` tensor per head.

    Returns:
        Class probabilities, shape ``(N, K)``; equal to :func:`average_logits`.
    """
    log_probs = torch.stack([z.log_softmax(dim=-1) for z in logits]).mean(dim=0)
    return log_probs.exp() / log_probs.exp().sum(dim=-1, keepdim=True)


def two_head_example(logits_a: list[float], logits_b: list[float]) -> dict[str, float]:
    """Probability of class 0 for each head and for both fusion rules, on one example.

    Args:
        logits_a: Two logits from head A.
        logits_b: Two logits from head B.

    Returns:
        ``{"head A", "head B", "mean logits", "mean probabilities"}`` -> P(class 0).
    """
    za = torch.tensor([logits_a], dtype=DTYPE)
    zb = torch.tensor([logits_b], dtype=DTYPE)
    return {
        "head A": za.softmax(-1)[0, 0].item(),
        "head B": zb.softmax(-1)[0, 0].item(),
        "mean logits": average_logits([za, zb])[0, 0].item(),
        "mean probabilities": average_probabilities([za, zb])[0, 0].item(),
    }


def main() -> None:
    """Print the linear identity and two examples where the fusion rules disagree."""
    torch.manual_seed(0)
    head_a = torch.nn.Linear(3, 4, dtype=DTYPE)
    head_b = torch.nn.Linear(5, 4, dtype=DTYPE)
    x_a, x_b = torch.randn(6, 3, dtype=DTYPE), torch.randn(6, 5, dtype=DTYPE)
    late = (head_a(x_a) + head_b(x_b)) / 2
    early = as_one_linear_layer(head_a, head_b)(torch.cat([x_a, x_b], dim=1))
    print("mean of the two linear heads' logits vs one linear layer on cat(x_a, x_b):")
    print(f"  max difference {(late - early).abs().max().item():.1e}")
    geo = normalized_geometric_mean([head_a(x_a), head_b(x_b)])
    mean = average_logits([head_a(x_a), head_b(x_b)])
    print("softmax(mean logits) vs renormalised geometric mean of the probabilities:")
    print(f"  max difference {(geo - mean).abs().max().item():.1e}")
    for za, zb in (([4.0, 0.0], [0.0, 1.0]), ([20.0, 0.0], [0.0, 3.0])):
        p = two_head_example(za, zb)
        print(f"logits A {za}, B {zb}, P(class 0):")
        print(
            f"  head A {p['head A']:.4f}, head B {p['head B']:.4f} | mean logits"
            f" {p['mean logits']:.4f}, mean probabilities {p['mean probabilities']:.4f}"
        )


if __name__ == "__main__":
    main()
