"""Self-attention (自注意力): scaled dot-product attention by hand, checked against PyTorch.

Run ``python -m snippets.self_attention`` from the repository root to print the facts the
self-attention page states: the hand-written layer equals ``F.scaled_dot_product_attention``,
every output depends on every input after one layer, and the score matrix grows as n².
"""

from __future__ import annotations

import math

import torch

DTYPE = torch.float64
FIGURE_TOKENS = 5


# --8<-- [start:attention]
def attention(
    q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, causal: bool = False
) -> tuple[torch.Tensor, torch.Tensor]:
    """Scaled dot-product attention, softmax(Q Kᵀ / √d) V.

    Args:
        q: Queries, shape ``(..., n, d)``.
        k: Keys, shape ``(..., n, d)``.
        v: Values, shape ``(..., n, d_v)``.
        causal: If true, position ``i`` may only look at positions ``j <= i``.

    Returns:
        The output, shape ``(..., n, d_v)``, and the attention weights, shape ``(..., n, n)``;
        each row of the weights is a probability distribution over the positions.
    """
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))  # (..., n, n): one per pair
    if causal:
        n = scores.size(-1)
        future = torch.ones(n, n, dtype=torch.bool).triu(diagonal=1)
        scores = scores.masked_fill(future, float("-inf"))
    weights = scores.softmax(dim=-1)
    return weights @ v, weights


def self_attention(
    x: torch.Tensor,
    w_q: torch.Tensor,
    w_k: torch.Tensor,
    w_v: torch.Tensor,
    causal: bool = False,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Self-attention: queries, keys and values are all projections of the same sequence.

    Args:
        x: The sequence, shape ``(..., n, d_model)``.
        w_q: Query projection, shape ``(d_model, d)``.
        w_k: Key projection, shape ``(d_model, d)``.
        w_v: Value projection, shape ``(d_model, d_v)``.
        causal: Mask future positions (decoder-style).

    Returns:
        Output ``(..., n, d_v)`` and weights ``(..., n, n)``, as from :func:`attention`.
    """
    return attention(x @ w_q, x @ w_k, x @ w_v, causal=causal)


# --8<-- [end:attention]


def random_layer(
    d_model: int, d: int, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Three random projection matrices ``(d_model, d)`` with entries of variance 1/d_model.

    Args:
        d_model: Width of the input tokens.
        d: Width of queries, keys and values.
        generator: Source of randomness (seeded by the caller).

    Returns:
        ``(w_q, w_k, w_v)``.
    """
    scale = 1 / math.sqrt(d_model)
    return tuple(  # type: ignore[return-value]
        torch.randn(d_model, d, generator=generator, dtype=DTYPE) * scale for _ in range(3)
    )


# --8<-- [start:dependency]
def dependency_pattern(n: int, causal: bool = False, d_model: int = 4) -> torch.Tensor:
    """Which inputs each output depends on, measured with autograd.

    Entry ``[i, j]`` is true when the Jacobian block ∂y_i/∂x_j of one self-attention
    layer is not zero, i.e. when changing token ``j`` changes output ``i``.

    Args:
        n: Sequence length.
        causal: Use the causal mask.
        d_model: Token width.

    Returns:
        A boolean tensor of shape ``(n, n)``.
    """
    gen = torch.Generator().manual_seed(0)
    w_q, w_k, w_v = random_layer(d_model, d_model, gen)
    x = torch.randn(n, d_model, generator=gen, dtype=DTYPE)

    def layer(inp: torch.Tensor) -> torch.Tensor:
        return self_attention(inp, w_q, w_k, w_v, causal=causal)[0]

    jac = torch.autograd.functional.jacobian(layer, x)  # (n, d_model, n, d_model)
    return jac.abs().amax(dim=(1, 3)) > 0


# --8<-- [end:dependency]


def score_count(n: int) -> int:
    """Number of attention scores (one per query-key pair) for a sequence of length ``n``.

    Args:
        n: Sequence length.

    Returns:
        The number of entries of the ``(n, n)`` weight matrix of one head.
    """
    gen = torch.Generator().manual_seed(0)
    x = torch.randn(n, 2, generator=gen, dtype=DTYPE)
    _, weights = self_attention(x, *random_layer(2, 2, gen))
    return weights.numel()


def attention_matmul_flops(n: int, d: int) -> int:
    """Floating-point operations of the two matrix products Q Kᵀ and A V of one head.

    Each product is n·n·d multiply-adds, and one multiply-add counts as 2 FLOPs.

    Args:
        n: Sequence length.
        d: Width of queries, keys and values.

    Returns:
        ``4 * n * n * d``.
    """
    return 2 * (2 * n * n * d)


def figure_weights() -> dict[str, torch.Tensor]:
    """Attention weights of one random layer on 5 random tokens, without and with the causal mask.

    Returns:
        ``{"full": (5, 5), "causal": (5, 5)}``.
    """
    gen = torch.Generator().manual_seed(1)
    w_q, w_k, w_v = random_layer(8, 8, gen)
    x = torch.randn(FIGURE_TOKENS, 8, generator=gen, dtype=DTYPE)
    return {
        "full": self_attention(x, w_q, w_k, w_v)[1],
        "causal": self_attention(x, w_q, w_k, w_v, causal=True)[1],
    }


def plot_weights():
    """Heat maps of the two weight matrices of :func:`figure_weights`, values written in."""
    from matplotlib.figure import Figure

    data = figure_weights()
    fig = Figure(figsize=(5, 2.9), layout="constrained")
    axes = fig.subplots(1, 2)
    titles = {"full": "self-attention", "causal": "causal mask"}
    for ax, (name, w) in zip(axes, data.items(), strict=True):
        ax.imshow(w.numpy(), cmap="Blues", vmin=0, vmax=1)
        for i in range(FIGURE_TOKENS):
            for j in range(FIGURE_TOKENS):
                value = w[i, j].item()
                if value == 0:  # masked out: leave the cell empty
                    continue
                colour = "white" if value > 0.55 else "black"
                text = f"{value:.1f}".removeprefix("0")  # ".3": two characters fit a cell
                ax.text(j, i, text, ha="center", va="center", color=colour)
        ax.set_title(titles[name])
        ax.set_xlabel("key j")
        ax.set_xticks(range(FIGURE_TOKENS))
        ax.set_yticks(range(FIGURE_TOKENS))
        ax.grid(False)
    axes[0].set_ylabel("query i")
    return fig


FIGURES = {"self-attention-weights": plot_weights}


def main() -> None:
    """Print the comparison with PyTorch, the dependency patterns and the quadratic cost."""
    import torch.nn.functional as F

    gen = torch.Generator().manual_seed(0)
    x = torch.randn(2, 5, 8, generator=gen, dtype=DTYPE)  # batch 2, 5 tokens, width 8
    w_q, w_k, w_v = random_layer(8, 8, gen)
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    for causal in (False, True):
        ours, weights = self_attention(x, w_q, w_k, w_v, causal=causal)
        ref = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
        print(
            f"causal={causal!s:5}: |ours - scaled_dot_product_attention| <="
            f" {(ours - ref).abs().max().item():.1e}, row sums"
            f" {weights.sum(-1).min().item():.4f}..{weights.sum(-1).max().item():.4f}"
        )
    for causal in (False, True):
        pattern = dependency_pattern(5, causal=causal)
        print(f"output i depends on input j (autograd), causal={causal}:")
        for row in pattern.tolist():
            print("  " + " ".join("1" if hit else "." for hit in row))
        print(f"  pairs connected in one layer: {int(pattern.sum())} of {pattern.numel()}")
    print("n      scores n^2   FLOPs of QK^T and AV (d = 64)")
    for n in (128, 256, 512, 1024):
        print(f"{n:<6} {score_count(n):>9,}   {attention_matmul_flops(n, 64):>13,}")


if __name__ == "__main__":
    main()
