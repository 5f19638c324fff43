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


def _one_update() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    c = X.shape[1]
    _, mean, var = batch_norm_train(X, torch.ones(c, dtype=DTYPE), torch.zeros(c, dtype=DTYPE))
    running = update_running_stats(
        torch.zeros(c, dtype=DTYPE), torch.ones(c, dtype=DTYPE), mean, var, N
    )
    return mean, var, *running


def test_exercise_running_var_of_channel_2():
    """Exercise 1: channel 2's running variance after one batch is
    0.9 * 1 + 0.1 * 0.2018 * 128 / 127 = 0.9203 (N * H * W = 128)."""
    _, var, _, running_var = _one_update()
    assert N == 128
    assert var[2].item() == pytest.approx(0.2018, abs=1e-4)
    assert running_var[2].item() == pytest.approx(0.9 + 0.1 * var[2].item() * 128 / 127)
    assert running_var[2].item() == pytest.approx(0.9203, abs=1e-4)


def test_exercise_eval_mean_of_channel_2_after_one_update():
    """Exercise 2: eval mode right after that update gives channel 2 a mean of
    (9.9962 - 0.9996) / sqrt(0.9203) = 9.378 on the same batch, not 0."""
    mean, _, running_mean, running_var = _one_update()
    c = X.shape[1]
    y = batch_norm_eval(
        X, running_mean, running_var, torch.ones(c, dtype=DTYPE), torch.zeros(c, dtype=DTYPE)
    )
    expected = (mean[2] - running_mean[2]) / torch.sqrt(running_var[2] + 1e-5)
    assert y[:, 2].mean().item() == pytest.approx(expected.item())
    assert y[:, 2].mean().item() == pytest.approx(9.378, abs=1e-3)


def test_exercise_44_updates_reach_99_percent_of_the_batch_mean():
    """Exercise 3: after k updates with the same batch the running mean is (1 - 0.9**k) times
    the batch mean: 43 updates give 98.9 %, 44 give 99.0 % (channel 2: 9.8992)."""
    mean, var, _, _ = _one_update()
    c = X.shape[1]
    running_mean, running_var = torch.zeros(c, dtype=DTYPE), torch.ones(c, dtype=DTYPE)
    fractions = []
    for _ in range(44):
        running_mean, running_var = update_running_stats(running_mean, running_var, mean, var, N)
        fractions.append(running_mean[2].item() / mean[2].item())
    assert fractions[42] < 0.99 <= fractions[43]
    assert fractions[43] == pytest.approx(1 - 0.9**44)
    assert running_mean[2].item() == pytest.approx(9.8992, abs=1e-4)
