"""Tests for snippets/self_attention.py: every claim the self-attention page makes."""

import torch
import torch.nn.functional as F

from snippets.self_attention import (
    DTYPE,
    attention_matmul_flops,
    dependency_pattern,
    figure_weights,
    main,
    random_layer,
    score_count,
    self_attention,
)

GEN = torch.Generator().manual_seed(0)
X = torch.randn(3, 7, 8, generator=GEN, dtype=DTYPE)
W_Q, W_K, W_V = random_layer(8, 8, GEN)


def test_matches_scaled_dot_product_attention() -> None:
    """Hand-written attention equals F.scaled_dot_product_attention, with and without the mask."""
    q, k, v = X @ W_Q, X @ W_K, X @ W_V
    for causal in (False, True):
        ours, _ = self_attention(X, W_Q, W_K, W_V, causal=causal)
        ref = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
        torch.testing.assert_close(ours, ref)


def test_weights_are_distributions_and_causal_hides_future() -> None:
    """Weight rows are non-negative and sum to 1; the causal mask zeroes the upper triangle."""
    _, full = self_attention(X, W_Q, W_K, W_V)
    _, causal = self_attention(X, W_Q, W_K, W_V, causal=True)
    for w in (full, causal):
        assert bool((w >= 0).all())
        torch.testing.assert_close(w.sum(-1), torch.ones(3, 7, dtype=DTYPE))
    assert bool((full > 0).all())
    assert bool((causal.triu(diagonal=1) == 0).all())


def test_every_output_depends_on_every_input_in_one_layer() -> None:
    """Autograd: after one layer output i depends on every input j; causal: on j <= i only."""
    n = 9
    assert bool(dependency_pattern(n).all())
    expected = torch.ones(n, n, dtype=torch.bool).tril()
    assert torch.equal(dependency_pattern(n, causal=True), expected)


def test_permutation_equivariant() -> None:
    """Without positional information, shuffling the tokens shuffles the outputs the same way."""
    perm = torch.randperm(7, generator=GEN)
    out, _ = self_attention(X, W_Q, W_K, W_V)
    out_perm, _ = self_attention(X[:, perm], W_Q, W_K, W_V)
    torch.testing.assert_close(out_perm, out[:, perm])


def test_cost_is_quadratic_in_length() -> None:
    """The weight matrix has n^2 entries: doubling n gives 4x the scores and 4x the matmul FLOPs."""
    assert score_count(8) == 64
    assert score_count(16) == 4 * score_count(8)
    assert attention_matmul_flops(16, 64) == 4 * attention_matmul_flops(8, 64)
    assert attention_matmul_flops(8, 64) == 4 * 8 * 8 * 64


def test_figure_data() -> None:
    """Figure data: two 5x5 weight matrices, rows summing to 1; the causal one lower-triangular."""
    data = figure_weights()
    for w in data.values():
        assert w.shape == (5, 5)
        torch.testing.assert_close(w.sum(-1), torch.ones(5, dtype=DTYPE))
    assert bool((data["causal"].triu(diagonal=1) == 0).all())
    torch.testing.assert_close(data["causal"][0, 0], torch.tensor(1.0, dtype=DTYPE))


def test_main_runs(capsys) -> None:
    """main() prints the comparison, both dependency patterns and the cost table."""
    main()
    out = capsys.readouterr().out
    assert "causal=True" in out and "1,048,576" in out


def test_causal_pair_count() -> None:
    """With the causal mask one layer connects n(n+1)/2 of the n^2 pairs (15 of 25 for n = 5)."""
    for n in (5, 8):
        assert int(dependency_pattern(n, causal=True).sum()) == n * (n + 1) // 2
    assert int(dependency_pattern(5).sum()) == 25
