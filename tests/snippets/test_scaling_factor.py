"""Tests for snippets/scaling_factor.py: the claims the scaling-factor page makes."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from snippets.scaling_factor import (
    channel_expansion,
    disc_extent,
    disc_image,
    figure_data,
    learned_upsampling,
    letterbox,
    letterbox_params,
    main,
    resize_feature_map,
    scaled_size,
)

X = torch.randn(2, 16, 20, 30, generator=torch.Generator().manual_seed(0))


@pytest.mark.parametrize("factor", [2, 0.5, 1.5, 0.34, 3])
def test_scale_factor_changes_feature_map_resolution(factor: float) -> None:
    """Refutes the notes: F.interpolate(scale_factor=s) turns (H, W) into (floor(sH), floor(sW))
    on a 16-channel feature map, channels and batch unchanged."""
    y = resize_feature_map(X, factor)
    assert y.shape == (2, 16, *scaled_size(20, 30, factor))
    assert y.shape[2:] != X.shape[2:]


def test_nn_upsample_and_floor_rule() -> None:
    """nn.Upsample(scale_factor=2) doubles H and W; 7 x 9 by 0.5 gives floor: 3 x 4."""
    assert nn.Upsample(scale_factor=2)(X).shape == (2, 16, 40, 60)
    assert F.interpolate(torch.zeros(1, 1, 7, 9), scale_factor=0.5).shape[2:] == (3, 4)
    assert scaled_size(7, 9, 0.5) == (3, 4)


def test_interpolation_has_nothing_to_learn() -> None:
    """Resizing by a factor has no parameters; the learned upsampler and the 1x1 conv do."""
    assert sum(p.numel() for p in nn.Upsample(scale_factor=2).parameters()) == 0
    assert sum(p.numel() for p in learned_upsampling(16).parameters()) == 16 * 16 * 4 + 16
    assert sum(p.numel() for p in channel_expansion(16).parameters()) == 16 * 64 + 64


def test_channel_expansion_keeps_resolution() -> None:
    """卷积升维 is not upsampling: a 1x1 conv C -> 4C keeps H and W and multiplies the channels."""
    y = channel_expansion(16)(X)
    assert y.shape == (2, 64, 20, 30)
    assert learned_upsampling(16)(X).shape == (2, 16, 40, 60)


def test_letterbox_numbers() -> None:
    """640x480 into 416x416: r = 0.65, content 416x312, 52 rows of padding above and below."""
    r, new_h, new_w, top, left = letterbox_params(480, 640, 416, 416)
    assert r == pytest.approx(0.65)
    assert (new_h, new_w, top, left) == (312, 416, 52, 0)
    out = letterbox(torch.rand(3, 480, 640), 416, 416, fill=0.5)
    assert out.shape == (3, 416, 416)
    assert bool((out[:, :52] == 0.5).all()) and bool((out[:, 364:] == 0.5).all())


def test_letterbox_keeps_the_disc_round_plain_resize_does_not() -> None:
    """A 200 px disc stays 130 x 130 after letterboxing but becomes 130 x 174 when stretched."""
    assert disc_extent(disc_image()) == (200, 200)
    extents = {name: disc_extent(img) for name, img in figure_data().items()}
    assert extents["letterboxed to 416x416"] == (130, 130)
    assert extents["stretched to 416x416"] == (174, 130)


def test_main_prints_the_corrections(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo shows x2 doubling H and W and the 1x1 conv changing only the channels."""
    main()
    out = capsys.readouterr().out
    assert "F.interpolate(scale_factor=2): (1, 16, 20, 30) -> (1, 16, 40, 60)" in out
    assert "(1, 16, 20, 30) -> (1, 64, 20, 30)" in out


def test_exercise_numbers() -> None:
    """13 x 13 by 0.5 gives 6 x 6; 1280x720 letterboxed to 640x640 pads 140 rows above and below;
    a 1x1 conv 24 -> 144 (expansion 6) keeps 56 x 56."""
    assert scaled_size(13, 13, 2) == (26, 26)
    assert scaled_size(13, 13, 0.5) == (6, 6)
    assert F.interpolate(torch.zeros(1, 1, 13, 13), scale_factor=0.5).shape[2:] == (6, 6)
    assert letterbox_params(720, 1280, 640, 640) == (0.5, 360, 640, 140, 0)
    assert channel_expansion(24, 6)(torch.zeros(1, 24, 56, 56)).shape == (1, 144, 56, 56)
