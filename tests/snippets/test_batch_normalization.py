"""Tests for snippets/batch_normalization.py: train vs eval statistics, running-stat update."""

import pytest
import torch

from snippets.batch_normalization import (
    DTYPE,
    batch_norm_eval,
    batch_norm_train,
    main,
    sample_batch,
    update_running_stats,
)

X = sample_batch()
C = X.shape[1]
N = X.numel() // C


def _torch_bn() -> torch.nn.BatchNorm2d:
    return torch.nn.BatchNorm2d(C, dtype=DTYPE)


def test_train_mode_matches_torch():
    """batch_norm_train equals nn.BatchNorm2d in train mode (gamma=1, beta=0)."""
    bn = _torch_bn().train()
    y, _, _ = batch_norm_train(X, torch.ones(C, dtype=DTYPE), torch.zeros(C, dtype=DTYPE))
    torch.testing.assert_close(y, bn(X))


def test_train_mode_output_has_mean_0_var_1_per_channel():
    """In train mode each channel's output has mean 0 and (biased) variance 1 over N, H, W."""
    y, _, _ = batch_norm_train(X, torch.ones(C, dtype=DTYPE), torch.zeros(C, dtype=DTYPE))
    torch.testing.assert_close(y.mean(dim=(0, 2, 3)), torch.zeros(C, dtype=DTYPE))
    var = y.var(dim=(0, 2, 3), unbiased=False)
    torch.testing.assert_close(var, torch.ones(C, dtype=DTYPE), atol=1e-4, rtol=0)


def test_affine_is_the_same_at_every_position():
    """gamma and beta are per channel: the output is gamma * x_hat + beta at every (h, w)."""
    gamma = torch.tensor([2.0, 0.5, -1.0], dtype=DTYPE)
    beta = torch.tensor([1.0, 0.0, 3.0], dtype=DTYPE)
    y, _, _ = batch_norm_train(X, gamma, beta)
    x_hat, _, _ = batch_norm_train(X, torch.ones(C, dtype=DTYPE), torch.zeros(C, dtype=DTYPE))
    torch.testing.assert_close(y, gamma[None, :, None, None] * x_hat + beta[None, :, None, None])


def test_running_stats_update_matches_torch_momentum_0_1():
    """One train step updates running stats as PyTorch does: momentum 0.1, unbiased variance."""
    bn = _torch_bn().train()
    assert bn.momentum == pytest.approx(0.1)
    bn(X)
    _, mean, var = batch_norm_train(X, torch.ones(C, dtype=DTYPE), torch.zeros(C, dtype=DTYPE))
    rm, rv = update_running_stats(
        torch.zeros(C, dtype=DTYPE), torch.ones(C, dtype=DTYPE), mean, var, N
    )
    torch.testing.assert_close(rm, bn.running_mean)
    torch.testing.assert_close(rv, bn.running_var)


def test_eval_mode_uses_running_stats_not_the_batch():
    """In eval mode the output uses the running statistics, so it differs from train mode."""
    bn = _torch_bn().train()
    bn(X)
    bn.eval()
    expected = batch_norm_eval(
        X, bn.running_mean, bn.running_var, torch.ones(C, dtype=DTYPE), torch.zeros(C, dtype=DTYPE)
    )
    torch.testing.assert_close(bn(X), expected)
    train_y, _, _ = batch_norm_train(X, torch.ones(C, dtype=DTYPE), torch.zeros(C, dtype=DTYPE))
    assert not torch.allclose(bn(X), train_y)


def test_main_prints_the_page_facts(capsys):
    """main() prints mean 0 / var 1 per channel and the eval-vs-train verdict."""
    main()
    out = capsys.readouterr().out
    assert out.count("output mean  0.0000  var 1.0000") == C
    assert "eval mode gives the train-mode output on the same batch: False" in out
