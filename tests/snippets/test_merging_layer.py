"""Tests for snippets/merging_layer.py: the claims the merging-layer page makes."""

import pytest
import torch

from snippets.merging_layer import (
    DTYPE,
    main,
    merge,
    merge_tokens,
    patch_merging,
    patch_merging_as_conv,
    patch_merging_by_reshape,
)

GEN = torch.Generator().manual_seed(0)
A = torch.randn(2, 3, 4, generator=GEN, dtype=DTYPE)
B = torch.randn(2, 3, 4, generator=GEN, dtype=DTYPE)


def test_keras_style_merges() -> None:
    """Each Keras-style merge matches its torch operation; concatenate and stack differ in shape."""
    assert merge("concatenate", [A, B]).shape == (2, 3, 8)
    assert merge("stack", [A, B]).shape == (2, 2, 3, 4)
    torch.testing.assert_close(merge("add", [A, B]), torch.add(A, B))
    torch.testing.assert_close(merge("subtract", [A, B]), torch.sub(A, B))
    torch.testing.assert_close(merge("multiply", [A, B]), torch.mul(A, B))
    torch.testing.assert_close(merge("average", [A, B]), (A + B) / 2)
    torch.testing.assert_close(merge("maximum", [A, B]), torch.maximum(A, B))
    torch.testing.assert_close(merge("minimum", [A, B]), torch.minimum(A, B))
    torch.testing.assert_close(merge("dot", [A, B])[..., 0], torch.linalg.vecdot(A, B))
    with pytest.raises(ValueError):
        merge("subtract", [A, B, A])


def test_patch_merging_shapes() -> None:
    """Swin patch merging: (1, 8, 8, 96) -> 4C = 384 -> linear -> (1, 4, 4, 192)."""
    x = torch.randn(1, 8, 8, 96, generator=GEN, dtype=DTYPE)
    reduction = torch.randn(192, 384, generator=GEN, dtype=DTYPE)
    norm = torch.nn.LayerNorm(384, dtype=DTYPE)
    assert patch_merging(x, reduction, norm).shape == (1, 4, 4, 192)


def test_patch_merging_equals_reshape_and_conv() -> None:
    """Without the norm, the slicing version equals a reshape/permute and a 2x2 stride-2 conv."""
    x = torch.randn(2, 6, 4, 5, generator=GEN, dtype=DTYPE)
    reduction = torch.randn(10, 20, generator=GEN, dtype=DTYPE)
    plain = patch_merging(x, reduction)
    torch.testing.assert_close(plain, patch_merging_by_reshape(x, reduction))
    torch.testing.assert_close(plain, patch_merging_as_conv(x, reduction))


def test_patch_merging_token_order() -> None:
    """The 4C vector of block (0, 0) is [x[0,0], x[1,0], x[0,1], x[1,1]], Swin's order."""
    x = torch.randn(1, 4, 4, 3, generator=GEN, dtype=DTYPE)
    identity = torch.eye(12, dtype=DTYPE)
    merged = patch_merging(x, identity)  # identity "projection" keeps the 4C vector
    expected = torch.cat([x[0, 0, 0], x[0, 1, 0], x[0, 0, 1], x[0, 1, 1]])
    torch.testing.assert_close(merged[0, 0, 0], expected)


def test_token_merging_removes_r_and_keeps_weighted_sum() -> None:
    """A ToMe step drops r tokens, merges the exact duplicate first, and keeps sum(size * x)."""
    tokens = torch.randn(10, 6, generator=GEN, dtype=DTYPE)
    tokens[7] = tokens[2]  # token 2 is in set A, token 7 in set B
    merged, sizes = merge_tokens(tokens, torch.ones(10, dtype=DTYPE), r=1)
    assert merged.shape == (9, 6) and int(sizes.sum()) == 10
    torch.testing.assert_close((merged * sizes[:, None]).sum(0), tokens.sum(0))
    two = int((sizes == 2).nonzero()[0, 0])
    torch.testing.assert_close(merged[two], tokens[7])


def test_main_runs(capsys) -> None:
    """main() prints the merge shapes, the patch-merging checks and a token-merging step."""
    main()
    assert "(1, 4, 4, 192)" in capsys.readouterr().out
