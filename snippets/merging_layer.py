"""Merging layer (合并层): three different things that share the name.

Run ``python -m snippets.merging_layer`` from the repository root to print what the
merging-layer page states: the shapes of Keras-style merges written in PyTorch, Swin's patch
merging (a 2× downsampling that equals a 2×2 stride-2 convolution) and one token-merging
step in the style of ToMe.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:keras-style]
def merge(kind: str, tensors: list[torch.Tensor]) -> torch.Tensor:
    """Keras-style merging of same-shaped tensors, written with PyTorch operations.

    Args:
        kind: ``concatenate`` (last axis, Keras's default), ``stack``, ``add``, ``subtract``,
            ``multiply``, ``average``, ``maximum``, ``minimum`` or ``dot`` (last axis).
        tensors: The inputs; ``subtract`` and ``dot`` take exactly two.

    Returns:
        The merged tensor.
    """
    if kind == "concatenate":
        return torch.cat(tensors, dim=-1)
    if kind == "stack":  # a new axis, unlike concatenate
        return torch.stack(tensors, dim=0)
    if kind == "subtract":
        a, b = tensors
        return a - b
    if kind == "dot":
        a, b = tensors
        return (a * b).sum(dim=-1, keepdim=True)
    stacked = torch.stack(tensors)
    reducers = {
        "add": lambda t: t.sum(0),
        "multiply": lambda t: t.prod(0),
        "average": lambda t: t.mean(0),
        "maximum": lambda t: t.amax(0),
        "minimum": lambda t: t.amin(0),
    }
    return reducers[kind](stacked)


# --8<-- [end:keras-style]


# --8<-- [start:patch-merging]
def patch_merging(
    x: torch.Tensor, reduction: torch.Tensor, norm: torch.nn.LayerNorm | None = None
) -> torch.Tensor:
    """Swin Transformer's patch merging: every 2×2 neighbourhood becomes one token.

    The four neighbours are concatenated (C -> 4C, in Swin's order: top-left, bottom-left,
    top-right, bottom-right), optionally layer-normalised, then projected to 2C.

    Args:
        x: Tokens on a grid, shape ``(B, H, W, C)`` with even ``H`` and ``W``.
        reduction: Weight of the bias-free linear layer, shape ``(2C, 4C)``.
        norm: ``LayerNorm(4C)`` as in Swin, or ``None`` to skip it.

    Returns:
        Shape ``(B, H/2, W/2, 2C)``.
    """
    x0 = x[:, 0::2, 0::2]  # top-left of each 2x2 block
    x1 = x[:, 1::2, 0::2]  # bottom-left
    x2 = x[:, 0::2, 1::2]  # top-right
    x3 = x[:, 1::2, 1::2]  # bottom-right
    merged = torch.cat([x0, x1, x2, x3], dim=-1)  # (B, H/2, W/2, 4C)
    if norm is not None:
        merged = norm(merged)
    return merged @ reduction.T


# --8<-- [end:patch-merging]


def patch_merging_by_reshape(x: torch.Tensor, reduction: torch.Tensor) -> torch.Tensor:
    """The same merge (without the norm) written as one reshape and one permute.

    Args:
        x: Shape ``(B, H, W, C)``.
        reduction: Shape ``(2C, 4C)``.

    Returns:
        Shape ``(B, H/2, W/2, 2C)``.
    """
    b, h, w, c = x.shape
    blocks = x.reshape(b, h // 2, 2, w // 2, 2, c)  # (B, H/2, dh, W/2, dw, C)
    blocks = blocks.permute(0, 1, 3, 4, 2, 5)  # (B, H/2, W/2, dw, dh, C): Swin's order
    return blocks.reshape(b, h // 2, w // 2, 4 * c) @ reduction.T


def patch_merging_as_conv(x: torch.Tensor, reduction: torch.Tensor) -> torch.Tensor:
    """The same merge (without the norm) as a 2×2 convolution with stride 2.

    Args:
        x: Shape ``(B, H, W, C)``.
        reduction: Shape ``(2C, 4C)``, rearranged into conv kernels ``(2C, C, 2, 2)``.

    Returns:
        Shape ``(B, H/2, W/2, 2C)``.
    """
    out_c, c = reduction.shape[0], x.shape[-1]
    # input index of the linear layer is (dw * 2 + dh) * C + c: [o, dw, dh, c] -> [o, c, dh, dw]
    kernel = reduction.reshape(out_c, 2, 2, c).permute(0, 3, 2, 1)
    y = F.conv2d(x.permute(0, 3, 1, 2), kernel, stride=2)
    return y.permute(0, 2, 3, 1)


# --8<-- [start:token-merging]
def merge_tokens(x: torch.Tensor, size: torch.Tensor, r: int) -> tuple[torch.Tensor, torch.Tensor]:
    """One token-merging step in the style of ToMe (bipartite soft matching).

    Tokens are split alternately into sets A and B; each A token finds its most similar B
    token (cosine similarity); the ``r`` most similar pairs are merged into their B token
    by a size-weighted average. The token count drops from N to N - r.

    Args:
        x: Tokens, shape ``(N, d)``.
        size: How many original tokens each token already stands for, shape ``(N,)``.
        r: Number of tokens to remove.

    Returns:
        The merged tokens ``(N - r, d)`` and their sizes ``(N - r,)``.
    """
    a, b = x[0::2], x[1::2]
    size_a, size_b = size[0::2], size[1::2]
    sim = F.normalize(a, dim=-1) @ F.normalize(b, dim=-1).T
    best_sim, best_b = sim.max(dim=-1)
    order = best_sim.argsort(descending=True)
    merged, kept = order[:r], order[r:]
    total_b = b * size_b[:, None]
    total_b = total_b.index_add(0, best_b[merged], a[merged] * size_a[merged, None])
    new_size_b = size_b.index_add(0, best_b[merged], size_a[merged])
    out = torch.cat([a[kept], total_b / new_size_b[:, None]])
    return out, torch.cat([size_a[kept], new_size_b])


# --8<-- [end:token-merging]


def main() -> None:
    """Print merge shapes, the patch-merging checks and one token-merging step."""
    gen = torch.Generator().manual_seed(0)
    a = torch.randn(2, 3, 4, generator=gen, dtype=DTYPE)
    b = torch.randn(2, 3, 4, generator=gen, dtype=DTYPE)
    print(f"inputs: two tensors of shape {tuple(a.shape)}")
    for kind in (
        "concatenate",
        "stack",
        "add",
        "subtract",
        "multiply",
        "average",
        "maximum",
        "dot",
    ):
        print(f"  {kind:<11} -> {tuple(merge(kind, [a, b]).shape)}")
    x = torch.randn(1, 8, 8, 96, generator=gen, dtype=DTYPE)
    reduction = torch.randn(192, 384, generator=gen, dtype=DTYPE) / 384**0.5
    norm = torch.nn.LayerNorm(384, dtype=DTYPE)
    out = patch_merging(x, reduction, norm)
    n, h, w, c = x.shape
    concat = (n, h // 2, w // 2, 4 * c)
    print(
        f"Swin patch merging: {tuple(x.shape)} -> 2x2 concat {concat} -> linear {tuple(out.shape)}"
    )
    plain = patch_merging(x, reduction)
    by_reshape = (plain - patch_merging_by_reshape(x, reduction)).abs().max().item()
    as_conv = (plain - patch_merging_as_conv(x, reduction)).abs().max().item()
    print(
        f"  without the norm: max |slices - reshape| = {by_reshape:.1e},"
        f" max |slices - conv 2x2 stride 2| = {as_conv:.1e}"
    )
    tokens = torch.randn(8, 4, generator=gen, dtype=DTYPE)
    tokens[5] = tokens[0]  # a duplicate: token 0 is in A, token 5 in B
    merged, sizes = merge_tokens(tokens, torch.ones(8, dtype=DTYPE), r=2)
    print(
        f"ToMe-style step, r = 2: {tokens.shape[0]} tokens -> {merged.shape[0]},"
        f" sizes {[int(s) for s in sizes.tolist()]}"
    )
    gap = ((merged * sizes[:, None]).sum(0) - tokens.sum(0)).abs().max()
    print(f"  size-weighted sum preserved: max difference {gap:.1e}")


if __name__ == "__main__":
    main()
