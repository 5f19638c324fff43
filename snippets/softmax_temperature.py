"""Softmax temperature: how dividing the logits by T flattens or sharpens the softmax.

Run ``python -m snippets.softmax_temperature`` from the repository root to print the facts
the softmax-temperature page states.
"""

from __future__ import annotations

import math

import torch

DTYPE = torch.float64
LOGITS = (4.0, 2.0, 1.0, -1.0)  # the fixed example used by the output and the figure
PLOT_TEMPERATURES = (0.5, 1.0, 2.0, 5.0)


# --8<-- [start:softmax-t]
def softmax_t(z: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    """Softmax of the logits divided by a temperature, over the last dimension.

    Args:
        z: Logits, shape ``(..., K)``.
        temperature: T > 0. T = 1 is the ordinary softmax.

    Returns:
        Probabilities of the same shape, each row summing to 1.
    """
    scaled = z / temperature
    scaled = scaled - scaled.max(dim=-1, keepdim=True).values  # exp never overflows
    e = torch.exp(scaled)
    return e / e.sum(dim=-1, keepdim=True)


def entropy(p: torch.Tensor) -> torch.Tensor:
    """Shannon entropy -sum p log p in nats, over the last dimension (0 log 0 = 0).

    Args:
        p: Probabilities, shape ``(..., K)``.

    Returns:
        The entropy of every row.
    """
    return -torch.special.xlogy(p, p).sum(dim=-1)


# --8<-- [end:softmax-t]


# --8<-- [start:entropy-slope]
def entropy_slope(z: torch.Tensor, temperature: float) -> torch.Tensor:
    """dH/dT in closed form: the variance of the logits under p_T, divided by T^3.

    Args:
        z: Logits, shape ``(K,)``.
        temperature: T > 0.

    Returns:
        A scalar tensor, never negative.
    """
    p = softmax_t(z, temperature)
    mean = (p * z).sum()
    variance = (p * (z - mean) ** 2).sum()
    return variance / temperature**3


# --8<-- [end:entropy-slope]


def temperature_data(
    temperatures: tuple[float, ...] = PLOT_TEMPERATURES,
) -> dict[float, torch.Tensor]:
    """Probabilities of the example logits for several temperatures (the figure's data).

    Args:
        temperatures: The temperatures to evaluate.

    Returns:
        ``{T: softmax_t(LOGITS, T)}``.
    """
    z = torch.tensor(LOGITS, dtype=DTYPE)
    return {t: softmax_t(z, t) for t in temperatures}


def plot_temperature_bars():
    """Grouped bars: the softmax of the example logits at T = 0.5, 1, 2 and 5."""
    from matplotlib.figure import Figure

    data = temperature_data()
    k = len(LOGITS)
    width = 0.8 / len(data)
    fig = Figure(figsize=(7, 3.6), layout="constrained")
    ax = fig.add_subplot()
    for i, (t, p) in enumerate(data.items()):
        xs = [c + (i - (len(data) - 1) / 2) * width for c in range(k)]
        ax.bar(xs, p.tolist(), width=width, label=f"T = {t:g}")
    ax.axhline(1.0 / k, linewidth=0.8, linestyle=":", label=f"uniform 1/{k}")
    ax.set_xticks(
        range(k), [f"class {c}\nz = {v:g}".replace("-", "−") for c, v in enumerate(LOGITS)]
    )
    ax.set_ylabel("softmax(z / T)")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper right")
    return fig


FIGURES = {"softmax-temperature-bars": plot_temperature_bars}


def _fmt(p: torch.Tensor) -> str:
    return "[" + ", ".join(f"{round(v, 4) + 0.0:.4f}" for v in p.tolist()) + "]"


def main() -> None:
    """Print the facts stated on the softmax-temperature page."""
    z = torch.tensor(LOGITS, dtype=DTYPE)
    print(f"logits z = {_fmt(z)}, K = {len(LOGITS)}, log K = {math.log(len(LOGITS)):.4f}")
    for t in (0.1, 0.5, 1.0, 2.0, 5.0, 100.0):
        p = softmax_t(z, t)
        print(f"T = {t:>5g}: p = {_fmt(p)}  entropy = {entropy(p).item():.4f}")
    shifted = torch.allclose(softmax_t(z + 100.0, 2.0), softmax_t(z, 2.0))
    print(f"softmax(z + 100, T=2) equals softmax(z, T=2): {shifted}")
    same = torch.allclose(softmax_t(3.0 * z, 3.0), softmax_t(z, 1.0))
    print(f"softmax(3z, T=3) equals softmax(z, T=1): {same}")
    print(f"dH/dT at T=1: {entropy_slope(z, 1.0).item():.4f}")
    big = torch.tensor([1000.0, 0.0], dtype=DTYPE)
    print(f"stable at large logits: softmax([1000, 0], T=1) = {_fmt(softmax_t(big))}")


if __name__ == "__main__":
    main()
