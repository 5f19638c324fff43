"""Batch normalization (批归一化): train-mode statistics, eval-mode running statistics.

Run ``python -m snippets.batch_normalization`` from the repository root to print the facts the
batch normalization page states.
"""

from __future__ import annotations

import torch

DTYPE = torch.float64


# --8<-- [start:batch-norm-train]
def batch_norm_train(
    x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, eps: float = 1e-5
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Training-mode batch normalization of an (N, C, H, W) tensor, per channel.

    Args:
        x: Input of shape (N, C, H, W).
        gamma: Learned scale, shape (C,).
        beta: Learned shift, shape (C,).
        eps: Added to the variance for numerical stability.

    Returns:
        ``(y, mean, var)``: the output, and the batch mean and biased batch variance of each
        channel (over N, H and W) that normalised it.
    """
    mean = x.mean(dim=(0, 2, 3))
    var = x.var(dim=(0, 2, 3), unbiased=False)
    x_hat = (x - mean[None, :, None, None]) / torch.sqrt(var[None, :, None, None] + eps)
    return gamma[None, :, None, None] * x_hat + beta[None, :, None, None], mean, var


# --8<-- [end:batch-norm-train]


# --8<-- [start:running-stats]
def update_running_stats(
    running_mean: torch.Tensor,
    running_var: torch.Tensor,
    batch_mean: torch.Tensor,
    batch_var: torch.Tensor,
    n: int,
    momentum: float = 0.1,
) -> tuple[torch.Tensor, torch.Tensor]:
    """One update of the running statistics used in eval mode (PyTorch's convention).

    ``new = (1 - momentum) * old + momentum * batch``; the running variance uses the unbiased
    batch variance (times n / (n - 1)), although normalisation in train mode uses the biased one.

    Args:
        running_mean: Current running mean, shape (C,).
        running_var: Current running variance, shape (C,).
        batch_mean: Mean of the batch, shape (C,).
        batch_var: Biased variance of the batch, shape (C,).
        n: Number of values per channel in the batch (N * H * W).
        momentum: Weight of the new batch (PyTorch's default is 0.1).

    Returns:
        ``(running_mean, running_var)`` after the update.
    """
    unbiased = batch_var * n / (n - 1)
    new_mean = (1 - momentum) * running_mean + momentum * batch_mean
    new_var = (1 - momentum) * running_var + momentum * unbiased
    return new_mean, new_var


def batch_norm_eval(
    x: torch.Tensor,
    running_mean: torch.Tensor,
    running_var: torch.Tensor,
    gamma: torch.Tensor,
    beta: torch.Tensor,
    eps: float = 1e-5,
) -> torch.Tensor:
    """Eval-mode batch normalization: the stored running statistics, not the batch's."""
    x_hat = (x - running_mean[None, :, None, None]) / torch.sqrt(
        running_var[None, :, None, None] + eps
    )
    return gamma[None, :, None, None] * x_hat + beta[None, :, None, None]


# --8<-- [end:running-stats]


def sample_batch(seed: int = 0) -> torch.Tensor:
    """A batch of 8 maps with 3 channels of 4×4, each channel with its own mean and scale."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(8, 3, 4, 4, generator=g, dtype=DTYPE)
    scale = torch.tensor([1.0, 3.0, 0.5], dtype=DTYPE)[None, :, None, None]
    shift = torch.tensor([2.0, -5.0, 10.0], dtype=DTYPE)[None, :, None, None]
    return x * scale + shift


def main() -> None:
    """Print per-channel statistics in train mode and the running-statistics update."""
    x = sample_batch()
    c = x.shape[1]
    gamma, beta = torch.ones(c, dtype=DTYPE), torch.zeros(c, dtype=DTYPE)
    y, mean, var = batch_norm_train(x, gamma, beta)
    print("train mode, per channel (over N, H, W):")
    for ch in range(c):
        out = y[:, ch]
        out_mean = round(out.mean().item(), 4) + 0.0  # + 0.0 turns -0.0 into 0.0
        print(
            f"  channel {ch}: input mean {mean[ch].item():7.4f}  var {var[ch].item():7.4f}"
            f"  ->  output mean {out_mean:7.4f}  var {out.var(unbiased=False).item():.4f}"
        )
    n = x.numel() // c
    running_mean, running_var = update_running_stats(
        torch.zeros(c, dtype=DTYPE), torch.ones(c, dtype=DTYPE), mean, var, n
    )
    print("running statistics after one batch (momentum 0.1, starting from mean 0, var 1):")
    print("  running_mean:", [round(v, 4) for v in running_mean.tolist()])
    print("  running_var: ", [round(v, 4) for v in running_var.tolist()])
    same = torch.allclose(y, batch_norm_eval(x, running_mean, running_var, gamma, beta))
    print(f"eval mode gives the train-mode output on the same batch: {same}")


if __name__ == "__main__":
    main()
