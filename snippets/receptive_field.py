"""Receptive field (感受野): the closed-form size of a layer stack, checked against autograd.

Run ``python -m snippets.receptive_field`` from the repository root to print the receptive
fields of a few stacks (plain, strided, dilated, the ResNet stem) by the recurrence and by
measurement, and how the effective receptive field of a 3x3 stack lags behind the theoretical one.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import torch
from torch import nn

DTYPE = torch.float64


class Layer(NamedTuple):
    """One layer of a stack: ``kind`` is "conv", "avgpool" or "maxpool"."""

    kind: str
    kernel: int
    stride: int = 1
    dilation: int = 1


# --8<-- [start:closed-form]
def receptive_field(layers: list[Layer]) -> tuple[int, int]:
    """Receptive-field size and jump of the last layer, by the layer-by-layer recurrence.

    ``jump`` is the distance, in input pixels, between two neighbouring output positions.
    A layer with kernel k and dilation d spans d(k - 1) + 1 of its inputs, which are ``jump``
    input pixels apart, so it adds d(k - 1) * jump to the size; its stride multiplies the jump.

    Args:
        layers: The stack, input side first.

    Returns:
        ``(size, jump)`` along one axis.
    """
    size, jump = 1, 1
    for layer in layers:
        size += layer.dilation * (layer.kernel - 1) * jump
        jump *= layer.stride
    return size, jump


# --8<-- [end:closed-form]


# --8<-- [start:measured]
def build_stack(layers: list[Layer]) -> nn.Sequential:
    """One-channel modules for the stack; convolutions have all weights 1 and no bias."""
    modules: list[nn.Module] = []
    for layer in layers:
        if layer.kind == "conv":
            conv = nn.Conv2d(1, 1, layer.kernel, layer.stride, dilation=layer.dilation, bias=False)
            nn.init.ones_(conv.weight)  # positive weights: no gradient can cancel out
            modules.append(conv)
        elif layer.kind == "avgpool":
            modules.append(nn.AvgPool2d(layer.kernel, layer.stride))
        else:
            modules.append(nn.MaxPool2d(layer.kernel, layer.stride, dilation=layer.dilation))
    return nn.Sequential(*modules).to(DTYPE)


def measured_receptive_field(layers: list[Layer], seed: int = 0) -> int:
    """Height of the input region whose gradient is non-zero for one output position.

    Args:
        layers: The stack, input side first.
        seed: Seed of the random positive input.

    Returns:
        Number of input rows that one output value depends on, as autograd sees it.
    """
    size, jump = receptive_field(layers)
    n = size + 4 * jump  # room for a few output positions, no padding anywhere
    gen = torch.Generator().manual_seed(seed)
    x = torch.rand(1, 1, n, n, generator=gen, dtype=DTYPE).add(0.5).requires_grad_()
    out = build_stack(layers)(x)
    out[0, 0, 1, 1].backward()  # one output position
    rows = (x.grad[0, 0].abs().sum(dim=1) > 0).nonzero().flatten()
    return int(rows.max() - rows.min() + 1)


# --8<-- [end:measured]


# --8<-- [start:effective]
def gradient_profile(depth: int, kernel: int = 3) -> torch.Tensor:
    """Normalised 1-D profile of d(centre output)/d(input) for ``depth`` stride-1 convolutions.

    With all-ones kernels the gradient is the ``depth``-fold convolution of a box, so the
    profile is the distribution of a sum of ``depth`` independent uniform offsets.

    Args:
        depth: Number of stacked convolutions.
        kernel: Kernel size of each.

    Returns:
        Shape ``(depth * (kernel - 1) + 1,)``, summing to 1.
    """
    size, _ = receptive_field([Layer("conv", kernel)] * depth)
    x = torch.ones(1, 1, size, size, dtype=DTYPE, requires_grad=True)
    out = build_stack([Layer("conv", kernel)] * depth)(x)
    out[0, 0, 0, 0].backward()
    profile = x.grad[0, 0].sum(dim=0)
    return profile / profile.sum()


def effective_width(profile: torch.Tensor, mass: float = 0.95) -> int:
    """Width of the smallest centred window holding at least ``mass`` of the gradient.

    Args:
        profile: A symmetric 1-D distribution of odd length.
        mass: Fraction of the total to cover.

    Returns:
        An odd width between 1 and ``len(profile)``.
    """
    centre = len(profile) // 2
    for half in range(centre):
        if profile[centre - half : centre + half + 1].sum() >= mass - 1e-12:
            return 2 * half + 1
    return len(profile)


# --8<-- [end:effective]

STACKS = {
    "one 3x3 conv": [Layer("conv", 3)],
    "three 3x3 convs": [Layer("conv", 3)] * 3,
    "one 7x7 conv": [Layer("conv", 7)],
    "3x3 convs, stride 2, 2, 1": [Layer("conv", 3, 2), Layer("conv", 3, 2), Layer("conv", 3)],
    "3x3 convs, dilation 1, 2, 4": [Layer("conv", 3, 1, d) for d in (1, 2, 4)],
    "ResNet stem (7x7/2 conv, 3x3/2 avg pool)": [Layer("conv", 7, 2), Layer("avgpool", 3, 2)],
}
DEPTHS = range(1, 17)


@functools.cache
def growth_data() -> dict[str, list[int]]:
    """Theoretical and 95 % effective receptive field of 1..16 stacked 3x3 convolutions."""
    theoretical = [receptive_field([Layer("conv", 3)] * n)[0] for n in DEPTHS]
    effective = [effective_width(gradient_profile(n)) for n in DEPTHS]
    return {"depth": list(DEPTHS), "theoretical": theoretical, "effective": effective}


def plot_growth():
    """Receptive field against depth (top) and the gradient profile inside it (bottom)."""
    from matplotlib.figure import Figure

    data = growth_data()
    fig = Figure(figsize=(4.8, 5.6), layout="constrained")
    top, bottom = fig.subplots(2, 1)
    top.plot(data["depth"], data["theoretical"], marker="o", label="theoretical")
    top.plot(data["depth"], data["effective"], marker="s", label="effective (95 % of gradient)")
    top.set_xlabel("number of stacked 3x3 convs")
    top.set_ylabel("width (pixels)")
    top.legend()
    for depth in (2, 6, 16):
        profile = gradient_profile(depth)
        offsets = torch.arange(len(profile)) - len(profile) // 2
        bottom.plot(offsets.numpy(), profile.numpy(), marker=".", label=f"{depth} layers")
    bottom.set_xlabel("input offset from the centre (pixels)")
    bottom.set_ylabel("share of gradient")
    bottom.legend()
    return fig


FIGURES = {"receptive-field-growth": plot_growth}


def main() -> None:
    """Print closed-form vs measured receptive fields and the effective receptive field."""
    for name, layers in STACKS.items():
        size, jump = receptive_field(layers)
        measured = measured_receptive_field(layers)
        print(f"{name:<42} formula {size:>2} (jump {jump})  autograd {measured}")
    stem_max = [Layer("conv", 7, 2), Layer("maxpool", 3, 2)]
    print(f"{'ResNet stem with max pool, by autograd':<42} {measured_receptive_field(stem_max)}")
    data = growth_data()
    for depth in (1, 2, 4, 8, 16):
        i = depth - 1
        theo, eff = data["theoretical"][i], data["effective"][i]
        print(f"{depth:>2} stacked 3x3 convs: theoretical {theo:>2}, effective (95 %) {eff:>2}")


if __name__ == "__main__":
    main()
