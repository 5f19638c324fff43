"""Embedding (嵌入): a lookup table that equals one-hot @ W, and what its gradient touches.

Run ``python -m snippets.embedding`` from the repository root to print the facts the embedding
page states.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

DTYPE = torch.float64
VOCAB, DIM = 6, 3
IDS = (1, 3, 3, 5)  # a "sentence" of token ids; token 3 appears twice


# --8<-- [start:lookup]
def embed(ids: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """Embedding lookup: row ``ids[i]`` of the table for every id.

    Args:
        ids: Integer token ids, any shape.
        weight: Embedding table, shape (V, d).

    Returns:
        Vectors of shape ``ids.shape + (d,)``.
    """
    return weight[ids]


def embed_one_hot(ids: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """The same result computed as one-hot vectors times the table.

    Args:
        ids: Integer token ids, any shape.
        weight: Embedding table, shape (V, d).

    Returns:
        ``one_hot(ids, V) @ weight``, shape ``ids.shape + (d,)``.
    """
    return F.one_hot(ids, weight.shape[0]).to(weight.dtype) @ weight


# --8<-- [end:lookup]


# --8<-- [start:gradient]
def rows_with_gradient(ids: torch.Tensor, weight: torch.Tensor) -> list[int]:
    """Backpropagate the sum of the looked-up vectors; list the table rows that get a gradient.

    Args:
        ids: Integer token ids.
        weight: Embedding table, shape (V, d).

    Returns:
        Sorted indices of the rows whose gradient is not zero.
    """
    w = weight.detach().clone().requires_grad_(True)
    embed(ids, w).sum().backward()
    return torch.nonzero(w.grad.abs().sum(dim=1)).flatten().tolist()


# --8<-- [end:gradient]


def table_gradient(ids: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """Gradient of the sum of the looked-up vectors with respect to the whole table.

    Args:
        ids: Integer token ids.
        weight: Embedding table, shape (V, d).

    Returns:
        Shape (V, d): row j holds the number of times id j occurs, in every coordinate.
    """
    w = weight.detach().clone().requires_grad_(True)
    embed(ids, w).sum().backward()
    return w.grad


# --8<-- [start:rotation]
def rotate(
    weight: torch.Tensor, head: torch.Tensor, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Rotate the embedding space by a random orthogonal Q and undo it in the next layer.

    Args:
        weight: Embedding table, shape (V, d).
        head: Weight of the linear layer that reads the embeddings, shape (d, k).
        seed: Seed for Q.

    Returns:
        ``(weight @ Q, Q.T @ head)``: a different table that gives the same model.
    """
    g = torch.Generator().manual_seed(seed)
    d = weight.shape[1]
    q, _ = torch.linalg.qr(torch.randn(d, d, generator=g, dtype=weight.dtype))
    return weight @ q, q.T @ head


# --8<-- [end:rotation]


# --8<-- [start:optimizer-basis]
def train_step(
    weight: torch.Tensor, head: torch.Tensor, ids: torch.Tensor, rule: str, lr: float = 0.1
) -> torch.Tensor:
    """One update of the embedding table for the toy loss ``sum((embed @ head) ** 2) / 2``.

    Args:
        weight: Embedding table, shape (V, d).
        head: Linear layer after the embedding, shape (d, k); kept fixed here.
        ids: Integer token ids.
        rule: ``"sgd"`` (``w - lr * g``) or ``"adam"``: Adam's first step, where the bias-corrected
            moments are ``g`` and ``g ** 2``, so every coordinate moves by ``lr * g / (|g| + eps)``.
        lr: Learning rate.

    Returns:
        The updated table.
    """
    w = weight.detach().clone().requires_grad_(True)
    (grad,) = torch.autograd.grad((embed(ids, w) @ head).pow(2).sum() / 2, w)
    if rule == "sgd":
        return weight - lr * grad
    return weight - lr * grad / (grad.abs() + 1e-8)


# --8<-- [end:optimizer-basis]


def same_model_after_step(rule: str) -> bool:
    """Train the original and the rotated model one step each; do they still agree?

    Args:
        rule: ``"sgd"`` or ``"adam"``, as in :func:`train_step`.

    Returns:
        Whether both models give the same outputs on :data:`IDS` after the step.
    """
    weight, head = table()
    rotated, rotated_head = rotate(weight, head)
    ids = torch.tensor(IDS)
    out = embed(ids, train_step(weight, head, ids, rule)) @ head
    rotated_out = embed(ids, train_step(rotated, rotated_head, ids, rule)) @ rotated_head
    return torch.allclose(out, rotated_out)


def table(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """A seeded (VOCAB, DIM) embedding table and a (DIM, 2) linear head, in float64."""
    g = torch.Generator().manual_seed(seed)
    return (
        torch.randn(VOCAB, DIM, generator=g, dtype=DTYPE),
        torch.randn(DIM, 2, generator=g, dtype=DTYPE),
    )


def main() -> None:
    """Print the lookup/one-hot equality, the sparse gradient and the rotation experiment."""
    weight, head = table()
    ids = torch.tensor(IDS)
    print(f"vocabulary {VOCAB}, embedding dim {DIM}, ids {list(IDS)}")
    same = torch.equal(embed(ids, weight), embed_one_hot(ids, weight))
    print(f"lookup equals one_hot(ids) @ W: {same}")
    print(f"rows of W with a non-zero gradient: {rows_with_gradient(ids, weight)}")
    w2, head2 = rotate(weight, head)
    out_same = torch.allclose(embed(ids, weight) @ head, embed(ids, w2) @ head2)
    print(f"rotated table, same model output: {out_same}")
    cos = F.cosine_similarity(weight[1], weight[3], dim=0).item()
    cos2 = F.cosine_similarity(w2[1], w2[3], dim=0).item()
    print(f"cosine(token 1, token 3): original {cos:.4f}, rotated {cos2:.4f}")
    print(
        f"coordinate 0 of token 1: original {weight[1, 0].item():.4f},"
        f" rotated {w2[1, 0].item():.4f}"
    )
    for rule in ("sgd", "adam"):
        agree = same_model_after_step(rule)
        print(f"after one {rule} step, original and rotated models agree: {agree}")


if __name__ == "__main__":
    main()
