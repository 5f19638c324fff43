"""Focal loss (Focal Loss): RetinaNet's sigmoid focal loss and its prior-probability bias init.

Run ``python -m snippets.focal_loss`` from the repository root to print the facts the focal-loss
page states: how much the modulating factor (1 - p_t)^gamma shrinks easy examples, the bias that
makes every anchor start at probability pi = 0.01, and who dominates the loss at initialisation.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

DTYPE = torch.float64
GAMMAS = (0.0, 0.5, 1.0, 2.0, 5.0)


# --8<-- [start:focal-loss]
def sigmoid_focal_loss(
    logits: torch.Tensor,
    targets: torch.Tensor,
    alpha: float = 0.25,
    gamma: float = 2.0,
) -> torch.Tensor:
    """Per-element focal loss ``-alpha_t (1 - p_t)^gamma log p_t``.

    Args:
        logits: Raw scores, any shape (one binary classifier per element).
        targets: Same shape, 1 for positives and 0 for negatives.
        alpha: Weight of the positives (negatives get ``1 - alpha``);
            a negative value switches the weighting off.
        gamma: Focusing parameter; 0 gives the (alpha-weighted) cross-entropy.

    Returns:
        The loss of every element, same shape, not reduced.
    """
    # -log p_t, computed stably from the logits
    ce = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    p = torch.sigmoid(logits)
    p_t = p * targets + (1 - p) * (1 - targets)  # probability of the true label
    loss = (1 - p_t) ** gamma * ce
    if alpha >= 0:
        loss = (alpha * targets + (1 - alpha) * (1 - targets)) * loss
    return loss


# --8<-- [end:focal-loss]


# --8<-- [start:prior-init]
def prior_bias(pi: float = 0.01) -> float:
    """Bias of the last classification layer: every anchor starts at ``pi``.

    Args:
        pi: Foreground probability wanted at initialisation.

    Returns:
        ``-log((1 - pi) / pi)``, the logit of ``pi``.
    """
    return -math.log((1 - pi) / pi)


# --8<-- [end:prior-init]


def focal_from_pt(p_t: torch.Tensor, gamma: float) -> torch.Tensor:
    """Focal loss written directly in p_t, without alpha: ``-(1 - p_t)^gamma log p_t``.

    Args:
        p_t: Probability given to the true label, in (0, 1].
        gamma: Focusing parameter.

    Returns:
        The loss, same shape as ``p_t``.
    """
    return -((1 - p_t) ** gamma) * torch.log(p_t)


def reduction_factor(p_t: float, gamma: float) -> float:
    """How many times smaller the focal loss is than the cross-entropy at ``p_t`` (no alpha).

    Args:
        p_t: Probability given to the true label, in (0, 1).
        gamma: Focusing parameter.

    Returns:
        ``1 / (1 - p_t)^gamma``.
    """
    return 1 / (1 - p_t) ** gamma


def init_loss_shares(
    num_anchors: int = 100_000, num_pos: int = 100, bias: float = 0.0, focal: bool = False
) -> tuple[float, float]:
    """Total loss at initialisation, and the share of it that comes from negatives.

    Every anchor outputs the same logit ``bias`` (as at the start of training).

    Args:
        num_anchors: Anchors in one image.
        num_pos: How many of them are positives.
        bias: The logit every anchor outputs.
        focal: Focal loss with alpha = 0.25, gamma = 2 if True, plain cross-entropy otherwise.

    Returns:
        ``(total loss divided by the number of positives, share from negatives)``.
    """
    targets = torch.zeros(num_anchors, dtype=DTYPE)
    targets[:num_pos] = 1
    logits = torch.full((num_anchors,), bias, dtype=DTYPE)
    if focal:
        loss = sigmoid_focal_loss(logits, targets)
    else:
        loss = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
    neg = loss[num_pos:].sum().item()
    total = loss.sum().item()
    return total / num_pos, neg / total


def curve_data(n: int = 199) -> dict[str, list[float]]:
    """Focal loss against p_t for each gamma in ``GAMMAS`` (figure data, no alpha).

    Args:
        n: Number of p_t values, evenly spaced in (0, 1).

    Returns:
        ``{"p_t": [...], "gamma=0": [...], "gamma=0.5": [...], ...}``.
    """
    p_t = torch.linspace(0.005, 0.995, n, dtype=DTYPE)
    data = {"p_t": p_t.tolist()}
    for g in GAMMAS:
        data[f"gamma={g:g}"] = focal_from_pt(p_t, g).tolist()
    return data


def plot_curves():
    """Focal loss against the probability of the true class, for several gammas."""
    from matplotlib.figure import Figure

    data = curve_data()
    fig = Figure(figsize=(5, 3.6), layout="constrained")
    ax = fig.add_subplot()
    for g in GAMMAS:
        label = f"γ = {g:g}" + (" (CE)" if g == 0 else "")
        ax.plot(data["p_t"], data[f"gamma={g:g}"], label=label)
    ax.axvspan(0.5, 1.0, alpha=0.12)
    ax.text(0.75, 3.2, "well-classified\n(p_t > 0.5)", ha="center", va="center")
    ax.set_xlabel("p_t, probability of the true label")
    ax.set_ylabel("loss")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 4)
    ax.legend(loc="upper center", bbox_to_anchor=(0.42, 1.0))
    return fig


FIGURES = {"focal-loss-curves": plot_curves}


def main() -> None:
    """Print the facts stated on the focal-loss page."""
    for p_t in (0.5, 0.9, 0.99):
        ce = -math.log(p_t)
        fl = focal_from_pt(torch.tensor(p_t, dtype=DTYPE), 2.0).item()
        print(
            f"p_t = {p_t:<4}: CE = {ce:.4f}, FL(gamma=2) = {fl:.3e},"
            f" {reduction_factor(p_t, 2.0):.0f}x smaller"
        )
    p_1000 = 1 - 1000**-0.5
    print(f"FL is 1000x smaller than CE at p_t = {p_1000:.4f}")

    b = prior_bias(0.01)
    print(f"prior pi = 0.01 -> bias b = {b:.4f}, sigmoid(b) = {1 / (1 + math.exp(-b)):.4f}")

    print("100000 anchors, 100 positives, at initialisation (loss / number of positives):")
    for name, bias, focal in (
        ("CE, bias 0     ", 0.0, False),
        ("CE, prior bias ", b, False),
        ("FL, prior bias ", b, True),
    ):
        total, neg_share = init_loss_shares(bias=bias, focal=focal)
        print(f"  {name}: loss {total:9.4f}, {100 * neg_share:5.2f} % of it from negatives")


if __name__ == "__main__":
    main()
