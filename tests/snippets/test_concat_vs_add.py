"""Tests for snippets/concat_vs_add.py: the claims the concat-vs-add page makes."""

import pytest
import torch

from snippets.concat_vs_add import (
    DTYPE,
    conv_after_concat,
    dense_block_channels,
    main,
    merge_add,
    merge_concat,
    next_conv_parameters,
    swap_test,
    tied_concat_is_add,
)

GEN = torch.Generator().manual_seed(0)
X = torch.randn(2, 3, 6, 6, generator=GEN, dtype=DTYPE)
Y = torch.randn(2, 3, 6, 6, generator=GEN, dtype=DTYPE)
Z = torch.randn(2, 5, 6, 6, generator=GEN, dtype=DTYPE)


def test_channel_counts() -> None:
    """Concat adds the channel counts (3 + 5 = 8); add keeps the shape of its inputs."""
    assert merge_concat(X, Z).shape == (2, 8, 6, 6)
    assert merge_add(X, Y).shape == X.shape


def test_shape_requirements() -> None:
    """Add needs matching channels; concat needs matching spatial size but not channels."""
    with pytest.raises(RuntimeError):
        merge_add(X, Z)
    with pytest.raises(RuntimeError):
        merge_concat(X, torch.zeros(2, 3, 5, 6, dtype=DTYPE))


def test_conv_of_concat_is_sum_of_convs() -> None:
    """conv(cat(x, z)) with kernels [W1 W2] equals conv(x, W1) + conv(z, W2), with different C."""
    w1 = torch.randn(4, 3, 3, 3, generator=GEN, dtype=DTYPE)
    w2 = torch.randn(4, 5, 3, 3, generator=GEN, dtype=DTYPE)
    bias = torch.randn(4, generator=GEN, dtype=DTYPE)
    joint, split = conv_after_concat(X, Z, w1, w2, bias)
    torch.testing.assert_close(joint, split)
    ref = torch.nn.Conv2d(8, 4, 3, padding=1).double()
    with torch.no_grad():
        ref.weight.copy_(torch.cat([w1, w2], dim=1))
        ref.bias.copy_(bias)
    torch.testing.assert_close(ref(merge_concat(X, Z)), joint)


def test_tied_weights_turn_concat_into_add() -> None:
    """With W1 = W2 = W, conv(cat(x, y)) equals conv(x + y, W): add is concat with tied weights."""
    w = torch.randn(4, 3, 3, 3, generator=GEN, dtype=DTYPE)
    bias = torch.randn(4, generator=GEN, dtype=DTYPE)
    tied, added = tied_concat_is_add(X, Y, w, bias)
    torch.testing.assert_close(tied, added)


def test_parameters_of_next_conv() -> None:
    """The conv after concat has K*2C*9 + K parameters, after add K*C*9 + K."""
    counts = next_conv_parameters(64, 128)
    assert counts == {"concat": 128 * 128 * 9 + 128, "add": 128 * 64 * 9 + 128}


def test_add_forgets_which_input_was_which() -> None:
    """Swapping the inputs changes the concatenation but not the sum."""
    assert swap_test(X, Y) == {"concat": False, "add": True}


def test_dense_block_grows_linearly() -> None:
    """Layer l of a dense block receives k0 + k(l - 1) channels."""
    assert dense_block_channels(16, 12, 5) == [16 + 12 * i for i in range(5)]


def test_main_runs(capsys) -> None:
    """main() prints the shapes, parameter counts, identities and the shape error."""
    main()
    assert "RuntimeError" in capsys.readouterr().out
