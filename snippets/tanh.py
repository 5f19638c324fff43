"""Hyperbolic tangent (tanh): an odd, zero-centred activation and a rescaled sigmoid."""

from __future__ import annotations

import torch

from snippets.sigmoid import sigmoid, sigmoid_grad


# --8<-- [start:tanh]
def tanh(x: torch.Tensor) -> torch.Tensor:
    """Hyperbolic tangent (e^x − e^(−x)) / (e^x + e^(−x)), computed without overflow.

    Args:
        x: Input tensor (any shape, floating point).

    Returns:
        tanh(x), element-wise, in (−1, 1) (rounding gives exactly ±1 for very large |x|).
    """
    # expm1 keeps full precision near 0; clamping each branch to its own sign keeps
    # exp from overflowing and, unlike abs, leaves autograd's slope at x = 0 intact.
    p = x.clamp(min=0)
    n = x.clamp(max=0)
    pos = -torch.expm1(-2 * p) / (1 + torch.exp(-2 * p))
    neg = torch.expm1(2 * n) / (1 + torch.exp(2 * n))
    return torch.where(x >= 0, pos, neg)


def tanh_grad(x: torch.Tensor) -> torch.Tensor:
    """Derivative tanh′(x) = 1 − tanh²(x), accurate in the far tails as well.

    Args:
        x: Input tensor (any shape, floating point).

    Returns:
        tanh′(x), element-wise, in (0, 1]; the maximum 1 is reached at x = 0 only.
    """
    # 1 − tanh²(x) = 1 / cosh²(x): no cancellation to 0 in the tails, and cosh x ≥ 1
    # keeps the result ≤ 1 even after rounding.
    return 1 / torch.cosh(x) ** 2


# --8<-- [end:tanh]


# --8<-- [start:rescaled-sigmoid]
def rescaled_sigmoid_error(x: torch.Tensor) -> tuple[float, float]:
    """Largest deviations from tanh(x) = 2σ(2x) − 1 and from tanh′(x) = 4σ′(2x) on ``x``."""
    value_err = (tanh(x) - (2 * sigmoid(2 * x) - 1)).abs().max().item()
    slope_err = (tanh_grad(x) - 4 * sigmoid_grad(2 * x)).abs().max().item()
    return value_err, slope_err


def zero_centred_means(n: int = 100_000, seed: int = 0) -> tuple[float, float]:
    """Mean output of sigmoid and of tanh for standard normal inputs (seeded).

    Returns:
        ``(mean sigmoid, mean tanh)``: about 0.5 and about 0.
    """
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, generator=gen, dtype=torch.float64)
    return sigmoid(x).mean().item(), tanh(x).mean().item()


def tanh_net_as_sigmoid_net(seed: int = 0) -> float:
    """Rewrite a one-hidden-layer tanh network as a sigmoid network computing the same function.

    Since tanh(z) = 2σ(2z) − 1, the network W2·tanh(W1 x + b1) + b2 equals
    (2 W2)·σ(2 W1 x + 2 b1) + (b2 − W2·1): only the weights change, so both activations
    give networks that can represent exactly the same functions.

    Returns:
        The largest difference between the two networks' outputs on random inputs.
    """
    gen = torch.Generator().manual_seed(seed)
    w1, b1 = (
        torch.randn(16, 3, generator=gen, dtype=torch.float64),
        torch.randn(16, generator=gen, dtype=torch.float64),
    )
    w2, b2 = (
        torch.randn(2, 16, generator=gen, dtype=torch.float64),
        torch.randn(2, generator=gen, dtype=torch.float64),
    )
    x = torch.randn(1000, 3, generator=gen, dtype=torch.float64)
    y_tanh = tanh(x @ w1.T + b1) @ w2.T + b2
    y_sigmoid = sigmoid(x @ (2 * w1).T + 2 * b1) @ (2 * w2).T + (b2 - w2.sum(dim=1))
    return (y_tanh - y_sigmoid).abs().max().item()


# --8<-- [end:rescaled-sigmoid]


def main() -> None:
    """Print tanh and tanh′ on a few points, the sigmoid identity and the output means."""
    x = torch.tensor([-5.0, -2.0, -1.0, 0.0, 1.0, 2.0, 5.0], dtype=torch.float64)
    print("     x       tanh(x)      tanh'(x)")
    for xi, t, g in zip(x.tolist(), tanh(x).tolist(), tanh_grad(x).tolist(), strict=True):
        print(f"{xi:6.1f}  {t:+12.8f}  {g:12.8f}")
    grid = torch.arange(-1000, 1001, dtype=torch.float64) / 100  # step 0.01, exact 0
    value_err, slope_err = rescaled_sigmoid_error(grid)
    print(f"max |tanh(x) - (2 sigmoid(2x) - 1)| on [-10, 10]: {value_err:.1e}")
    print(f"max |tanh'(x) - 4 sigmoid'(2x)|     on [-10, 10]: {slope_err:.1e}")
    print(
        f"max slope: tanh' = {tanh_grad(grid).max().item():.4f}, "
        f"sigmoid' = {sigmoid_grad(grid).max().item():.4f}"
    )
    print(
        f"tanh network vs rewritten sigmoid network: max difference {tanh_net_as_sigmoid_net():.1e}"
    )
    mean_s, mean_t = zero_centred_means()
    print(f"mean output for x ~ N(0, 1): sigmoid {mean_s:.4f}, tanh {mean_t:+.4f}")


if __name__ == "__main__":
    main()
