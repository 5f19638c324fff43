"""Freezing (冻结): stop updating part of a network, and what requires_grad does not freeze.

Run ``python -m snippets.freezing`` from the repository root to print the facts the freezing
page states.
"""

from __future__ import annotations

import torch
from torch import nn

DTYPE = torch.float64


def tiny_net(seed: int = 0) -> nn.Sequential:
    """A small CNN: backbone (conv, batch norm, ReLU) then a head (pooling, linear).

    Args:
        seed: Seed for the weight initialisation.

    Returns:
        ``nn.Sequential(backbone, head)`` in float64, in train mode.
    """
    torch.manual_seed(seed)
    backbone = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU())
    head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4, 2))
    return nn.Sequential(backbone, head).to(DTYPE)


# --8<-- [start:freeze]
def freeze(module: nn.Module) -> nn.Module:
    """Freeze every parameter of ``module``: autograd will no longer compute their gradients.

    Args:
        module: The part of the network to freeze, e.g. a pretrained backbone.

    Returns:
        The same module, for chaining.
    """
    for p in module.parameters():
        p.requires_grad_(False)
    return module


def count_parameters(model: nn.Module) -> tuple[int, int]:
    """Count parameters.

    Args:
        model: Any module.

    Returns:
        ``(trainable, total)`` numbers of scalar parameters.
    """
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return trainable, sum(p.numel() for p in model.parameters())


def sgd_step(model: nn.Module, lr: float = 0.1) -> None:
    """Plain SGD, skipping parameters without a gradient (as torch.optim optimizers do).

    Args:
        model: The model whose parameters to update in place.
        lr: Learning rate.
    """
    with torch.no_grad():
        for p in model.parameters():
            if p.grad is not None:
                p -= lr * p.grad


# --8<-- [end:freeze]


# --8<-- [start:bn-caveat]
def running_mean_moves(model: nn.Module, x: torch.Tensor, backbone_eval: bool) -> bool:
    """Run one forward pass and report whether the batch norm's running mean changed.

    Args:
        model: A ``tiny_net`` whose backbone may be frozen.
        x: Input batch, shape (N, 3, H, W).
        backbone_eval: Put the backbone in eval mode (the rest stays in train mode).

    Returns:
        True if ``running_mean`` of the backbone's batch norm changed.
    """
    model.train()
    if backbone_eval:
        model[0].eval()
    bn = model[0][1]
    before = bn.running_mean.clone()
    model(x)
    return not torch.equal(before, bn.running_mean)


# --8<-- [end:bn-caveat]


def sample_input(seed: int = 0) -> torch.Tensor:
    """A batch of 4 random 3-channel 6x6 images, with mean far from 0."""
    g = torch.Generator().manual_seed(seed)
    return torch.randn(4, 3, 6, 6, generator=g, dtype=DTYPE) + 2.0


def freeze_backbone() -> nn.Sequential:
    """A fresh ``tiny_net`` with its backbone frozen."""
    model = tiny_net()
    freeze(model[0])
    return model


def main() -> None:
    """Print parameter counts, which gradients exist, and the batch-norm statistics caveat."""
    model = tiny_net()
    x = sample_input()
    trainable, total = count_parameters(model)
    print(f"before freezing: {trainable} of {total} parameters trainable")
    freeze(model[0])
    trainable, total = count_parameters(model)
    print(f"backbone frozen: {trainable} of {total} parameters trainable")
    conv_w = model[0][0].weight.clone()
    model(x).sum().backward()
    print(f"conv weight grad is None: {model[0][0].weight.grad is None}")
    print(f"linear weight grad is None: {model[1][2].weight.grad is None}")
    sgd_step(model)
    print(f"conv weight unchanged after an SGD step: {torch.equal(conv_w, model[0][0].weight)}")
    print("batch norm running_mean changes during a forward pass:")
    print(f"  frozen, model.train():    {running_mean_moves(freeze_backbone(), x, False)}")
    print(f"  frozen, backbone.eval():  {running_mean_moves(freeze_backbone(), x, True)}")


if __name__ == "__main__":
    main()
