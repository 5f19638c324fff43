"""Tests for snippets/long_range_dependency.py: the claims the long-range-dependency page makes."""

import math

from snippets.long_range_dependency import (
    GRID,
    attention_connects_ends,
    connects_ends,
    conv_layers_needed,
    dense_vs_attention_parameters,
    dependency_maps,
    main,
    receptive_field,
    rnn_gradient_by_distance,
)


def test_conv_depth_grows_with_distance() -> None:
    """Autograd: a conv stack needs ceil(D / (k - 1)) layers before one output sees both ends."""
    for k in (3, 5, 7):
        for dist in (6, 12, 24):
            assert conv_layers_needed(dist, k) == math.ceil(dist / (k - 1))


def test_one_layer_fewer_does_not_connect() -> None:
    """With one layer fewer than the formula, the middle output misses both ends."""
    assert not connects_ends(16, 7, 3)
    assert connects_ends(16, 8, 3)


def test_receptive_field_grows_linearly() -> None:
    """The receptive field of L stacked convolutions of size k is L(k - 1) + 1 positions."""
    for k in (3, 5):
        for layers in (1, 2, 4, 8):
            assert receptive_field(layers, k) == layers * (k - 1) + 1


def test_one_attention_layer_connects_any_distance() -> None:
    """One self-attention layer makes output 0 depend on a token at any distance."""
    for dist in (1, 64, 200):
        assert attention_connects_ends(dist)


def test_attention_parameters_do_not_grow_with_length() -> None:
    """A dense layer over all n positions has ~(n d)^2 weights; self-attention's are fixed."""
    dense16, attn16 = dense_vs_attention_parameters(16, 32)
    dense64, attn64 = dense_vs_attention_parameters(64, 32)
    assert attn16 == attn64 == 4 * 32 * 32 + 4 * 32
    assert dense16 == (16 * 32) ** 2 + 16 * 32
    assert dense64 > 15 * dense16


def test_rnn_gradient_shrinks_with_distance() -> None:
    """The seeded tanh RNN's gradient to older inputs is smaller, by over 10^10 at 40 steps."""
    grads = rnn_gradient_by_distance((1, 5, 10, 20, 40))
    assert all(a > b for a, b in zip(grads, grads[1:], strict=False))
    assert grads[-1] < 1e-10 * grads[0]


def test_figure_maps() -> None:
    """Figure data: L stacked 3x3 convs reach a (2L+1)^2 square; attention reaches every pixel."""
    maps = dependency_maps()
    for layers in (1, 2, 4):
        name = f"{layers} conv" + ("s" if layers > 1 else "")
        side = 2 * layers + 1
        assert int(maps[name].sum()) == side**2
        c = GRID // 2
        assert bool(maps[name][c - layers : c + layers + 1, c - layers : c + layers + 1].all())
    assert bool(maps["1 attention"].all())


def test_main_runs(capsys) -> None:
    """main() prints the depth table, receptive fields, parameter counts and RNN gradients."""
    main()
    assert "self-attention" in capsys.readouterr().out
