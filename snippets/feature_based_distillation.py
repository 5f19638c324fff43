"""Feature-based distillation (基于特征的蒸馏): FitNets hints via a connector, attention transfer.

Run ``python -m snippets.feature_based_distillation`` from the repository root to print the
facts the feature-based-distillation page states. Feature maps are ``(N, C, H, W)``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

DTYPE = torch.float64
BATCH, SIDE = 2, 8
STUDENT_CHANNELS, TEACHER_CHANNELS = 4, 16


# --8<-- [start:hint-loss]
def make_connector(student_channels: int, teacher_channels: int) -> nn.Conv2d:
    """A 1x1 convolution that maps the student's channels onto the teacher's.

    Args:
        student_channels: C_s of the student's guided layer.
        teacher_channels: C_t of the teacher's hint layer.

    Returns:
        ``nn.Conv2d(C_s, C_t, 1, bias=False)``; it is trained with the student and thrown away
        afterwards.
    """
    return nn.Conv2d(student_channels, teacher_channels, kernel_size=1, bias=False, dtype=DTYPE)


def hint_loss(
    student_feat: torch.Tensor, teacher_feat: torch.Tensor, connector: nn.Module
) -> torch.Tensor:
    """FitNets' hint loss: half the squared L2 distance, per example, averaged over the batch.

    Args:
        student_feat: The student's guided-layer features, ``(N, C_s, H, W)``.
        teacher_feat: The teacher's hint-layer features, ``(N, C_t, H, W)``; a constant target.
        connector: Maps ``C_s`` to ``C_t`` channels (the "regressor").

    Returns:
        ``0.5 * ||connector(student) - teacher||^2 / N``, a scalar.
    """
    diff = connector(student_feat) - teacher_feat.detach()
    return 0.5 * diff.pow(2).sum() / student_feat.shape[0]


# --8<-- [end:hint-loss]


# --8<-- [start:attention-transfer]
def attention_map(feat: torch.Tensor) -> torch.Tensor:
    """Attention transfer's spatial map: sum over channels of squared activations, L2-normalised.

    Args:
        feat: Features ``(N, C, H, W)``; any number of channels.

    Returns:
        ``(N, H * W)``, each row of unit length.
    """
    return F.normalize(feat.pow(2).sum(dim=1).flatten(1), dim=1)


def attention_loss(student_feat: torch.Tensor, teacher_feat: torch.Tensor) -> torch.Tensor:
    """Distance between the two attention maps, averaged over the batch (no connector needed).

    Args:
        student_feat: ``(N, C_s, H, W)``.
        teacher_feat: ``(N, C_t, H, W)``, same ``H`` and ``W``; ``C_t`` may differ from ``C_s``.

    Returns:
        Mean over the batch of ``||Q_s - Q_t||_2``.
    """
    diff = attention_map(student_feat) - attention_map(teacher_feat.detach())
    return diff.norm(dim=1).mean()


# --8<-- [end:attention-transfer]


def connector_params(student_channels: int, teacher_channels: int) -> int:
    """Number of weights of the 1x1 connector: ``C_s * C_t``.

    Args:
        student_channels: C_s.
        teacher_channels: C_t.

    Returns:
        The parameter count of :func:`make_connector`.
    """
    return sum(p.numel() for p in make_connector(student_channels, teacher_channels).parameters())


def demo_features(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Seeded student ``(2, 4, 8, 8)`` and teacher ``(2, 16, 8, 8)`` feature maps, in float64."""
    g = torch.Generator().manual_seed(seed)
    student = torch.randn(BATCH, STUDENT_CHANNELS, SIDE, SIDE, generator=g, dtype=DTYPE)
    teacher = torch.randn(BATCH, TEACHER_CHANNELS, SIDE, SIDE, generator=g, dtype=DTYPE)
    return student, teacher


def fit_connector(steps: int = 200, lr: float = 0.005) -> tuple[float, float]:
    """Train only the connector to map student features onto teacher features made from them.

    The teacher features are a fixed 1x1 mixing of the student's, so a perfect connector exists.

    Args:
        steps: Plain gradient-descent steps on the connector's weights.
        lr: Step size.

    Returns:
        The hint loss before and after training.
    """
    torch.manual_seed(0)
    student, _ = demo_features()
    target_map = make_connector(STUDENT_CHANNELS, TEACHER_CHANNELS)
    with torch.no_grad():
        teacher = target_map(student)
    connector = make_connector(STUDENT_CHANNELS, TEACHER_CHANNELS)
    before = hint_loss(student, teacher, connector).item()
    for _ in range(steps):
        connector.zero_grad()
        hint_loss(student, teacher, connector).backward()
        with torch.no_grad():
            connector.weight -= lr * connector.weight.grad
    return before, hint_loss(student, teacher, connector).item()


def main() -> None:
    """Print the shapes, the zero-loss case, the fitted connector and the attention maps."""
    torch.manual_seed(0)
    student, teacher = demo_features()
    connector = make_connector(STUDENT_CHANNELS, TEACHER_CHANNELS)
    print(f"student features {tuple(student.shape)}, teacher features {tuple(teacher.shape)}")
    print(f"connector output {tuple(connector(student).shape)}")
    print(f"connector weights: {connector_params(STUDENT_CHANNELS, TEACHER_CHANNELS)}")
    print(f"connector for 64 -> 256 channels: {connector_params(64, 256)} weights")
    print(f"hint loss, random features: {hint_loss(student, teacher, connector).item():.4f}")
    with torch.no_grad():
        matched = connector(student)
    print(f"hint loss, teacher = connector(student): {hint_loss(student, matched, connector):.4f}")
    before, after = fit_connector()
    print(f"training only the connector, 200 steps: {before:.4f} -> below 1e-12: {after < 1e-12}")
    print(f"attention map shape: {tuple(attention_map(student).shape)} for 4 and 16 channels")
    doubled = torch.cat([student, student], dim=1)
    repeated = attention_loss(student, doubled).item()
    print(f"attention loss, student vs its channels repeated twice: {repeated:.4f}")
    print(f"attention loss, random student vs teacher: {attention_loss(student, teacher):.4f}")


if __name__ == "__main__":
    main()
