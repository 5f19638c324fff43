"""Tests for snippets/spatial_feature_modulation.py: per-channel vs per-position modulation."""

import torch
import torch.nn.functional as F

from snippets.spatial_feature_modulation import (
    DTYPE,
    channel_modulation,
    example,
    main,
    modulation_maps,
    spade,
    spatial_modulation,
)

EX = example()
X = torch.randn(3, 2, 4, 5, generator=torch.Generator().manual_seed(1), dtype=DTYPE)


def test_batch_norm_affine_is_per_channel_modulation():
    """nn.BatchNorm2d's affine step is channel_modulation: one gamma and beta per channel."""
    bn = torch.nn.BatchNorm2d(2, dtype=DTYPE).train()
    with torch.no_grad():
        bn.weight.copy_(EX["gamma"])
        bn.bias.copy_(EX["beta"])
    x_hat = F.batch_norm(X, None, None, training=True)
    torch.testing.assert_close(bn(X), channel_modulation(x_hat, EX["gamma"], EX["beta"]))
    assert bn.weight.shape == (2,)


def test_per_channel_gives_one_value_per_channel_on_a_constant_map():
    """On a constant input, per-channel modulation leaves each channel constant."""
    y = channel_modulation(EX["x"], EX["gamma"], EX["beta"])
    for c in range(2):
        assert torch.unique(y[0, c]).numel() == 1


def test_spatial_maps_follow_the_condition_pixel_by_pixel():
    """gamma/beta maps have shape (N, C, H, W) and differ between the two segmentation regions,
    but are equal inside one region."""
    gamma, beta = modulation_maps(EX["cond"], EX["w_gamma"], EX["w_beta"])
    assert gamma.shape == beta.shape == (1, 2, 2, 3)
    y = spatial_modulation(EX["x"], gamma, beta)
    for c in range(2):
        assert y[0, c, 0, 0] != y[0, c, 0, 1]  # class 0 vs class 1 pixel, same channel
        assert torch.unique(y[0, c, :, 1:]).numel() == 1  # the class-1 region
        assert torch.unique(y[0, c, :, 0]).numel() == 1  # the class-0 column


def test_spatially_constant_maps_reduce_to_per_channel():
    """With maps that are constant over (h, w), spatial modulation equals per-channel (FiLM/BN)."""
    g = EX["gamma"][None, :, None, None].expand_as(X)
    b = EX["beta"][None, :, None, None].expand_as(X)
    torch.testing.assert_close(
        spatial_modulation(X, g, b), channel_modulation(X, EX["gamma"], EX["beta"])
    )


def test_spade_is_normalize_then_modulate():
    """spade() equals affine-free batch norm followed by the condition-generated maps."""
    labels = torch.randint(0, 2, (3, 4, 5), generator=torch.Generator().manual_seed(2))
    cond = F.one_hot(labels, 2).permute(0, 3, 1, 2).to(DTYPE)
    gamma = F.conv2d(cond, EX["w_gamma"])
    beta = F.conv2d(cond, EX["w_beta"])
    bn = torch.nn.BatchNorm2d(2, affine=False, dtype=DTYPE).train()
    torch.testing.assert_close(spade(X, cond, EX["w_gamma"], EX["w_beta"]), gamma * bn(X) + beta)


def test_main_prints_the_page_facts(capsys):
    """main() reports 1 distinct value per channel for BN-style, 2 for spatial modulation."""
    main()
    out = capsys.readouterr().out
    assert "distinct values in channel 0: per-channel 1, spatial 2" in out
    assert "spatial gamma shape (1, 2, 2, 3)" in out


def test_exercise_one_hot_condition_picks_the_class_weights():
    """Exercise 1: on the all-ones example, channel 0 is gamma + beta of the pixel's class:
    1.5410 - 1.0845 = 0.4565 at class 0 and -0.2934 - 1.3986 = -1.6920 at class 1."""
    w_g, w_b = EX["w_gamma"][0, :, 0, 0], EX["w_beta"][0, :, 0, 0]
    torch.testing.assert_close(w_g, torch.tensor([1.5410, -0.2934], dtype=DTYPE), atol=5e-5, rtol=0)
    torch.testing.assert_close(
        w_b, torch.tensor([-1.0845, -1.3986], dtype=DTYPE), atol=5e-5, rtol=0
    )
    gamma, beta = modulation_maps(EX["cond"], EX["w_gamma"], EX["w_beta"])
    out = spatial_modulation(EX["x"], gamma, beta)[0, 0]
    expected = torch.tensor([[0.4565, -1.6920, -1.6920]] * 2, dtype=DTYPE)
    torch.testing.assert_close(out, expected, atol=5e-5, rtol=0)
    torch.testing.assert_close(out[:, 0], (w_g[0] + w_b[0]).expand(2))


def test_exercise_uniform_condition_is_per_channel_modulation():
    """Exercise 2: with every pixel class 1, each channel holds one value (-1.6920, 1.4065),
    the same as channel_modulation with the class-1 weights."""
    cond = torch.zeros_like(EX["cond"])
    cond[:, 1] = 1.0
    gamma, beta = modulation_maps(cond, EX["w_gamma"], EX["w_beta"])
    out = spatial_modulation(EX["x"], gamma, beta)
    for c, value in enumerate((-1.6920, 1.4065)):
        assert torch.unique(out[0, c]).numel() == 1
        assert abs(out[0, c, 0, 0].item() - value) < 5e-5
    per_channel = channel_modulation(EX["x"], EX["w_gamma"][:, 1, 0, 0], EX["w_beta"][:, 1, 0, 0])
    torch.testing.assert_close(out, per_channel)


def test_exercise_spade_on_a_constant_map_keeps_only_beta():
    """Exercise 3: spade on the all-ones example gives the beta map: channel 0 is -1.0845 on the
    class-0 column and -1.3986 elsewhere, whatever gamma is."""
    out = spade(EX["x"], EX["cond"], EX["w_gamma"], EX["w_beta"])
    expected = torch.tensor([[-1.0845, -1.3986, -1.3986]] * 2, dtype=DTYPE)
    torch.testing.assert_close(out[0, 0], expected, atol=5e-5, rtol=0)
    other = spade(EX["x"], EX["cond"], 10 * EX["w_gamma"], EX["w_beta"])
    torch.testing.assert_close(out, other)
