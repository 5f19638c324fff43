"""Relation-based distillation (基于关系的蒸馏): the FSP matrix and RKD's distance and angle losses.

Run ``python -m snippets.relation_based_distillation`` from the repository root to print the
facts the relation-based-distillation page states.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

DTYPE = torch.float64


# --8<-- [start:fsp]
def fsp_matrix(first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
    """FSP ("flow of solution procedure") matrix between two layers of the same network.

    Args:
        first: Features of one layer, ``(N, C1, H, W)``.
        second: Features of a later layer with the same ``H`` and ``W``, ``(N, C2, H, W)``.

    Returns:
        ``(N, C1, C2)``: entry ``(i, j)`` is the mean over positions of channel ``i`` of
        ``first`` times channel ``j`` of ``second``.
    """
    h, w = first.shape[-2:]
    return torch.einsum("nihw,njhw->nij", first, second) / (h * w)


def fsp_loss(teacher: torch.Tensor, student: torch.Tensor) -> torch.Tensor:
    """Squared L2 distance between teacher and student FSP matrices, averaged over the batch.

    Args:
        teacher: Teacher FSP matrices ``(N, C1, C2)``; a constant target.
        student: Student FSP matrices, same shape.

    Returns:
        A scalar.
    """
    return (teacher.detach() - student).pow(2).sum(dim=(1, 2)).mean()


# --8<-- [end:fsp]


# --8<-- [start:rkd]
def distance_potential(embeddings: torch.Tensor) -> torch.Tensor:
    """RKD's distance-wise potential: pairwise distances divided by their mean.

    Args:
        embeddings: ``(N, d)``, one embedding per example of the batch.

    Returns:
        ``(N, N)``; the mean is taken over the pairs ``i != j``.
    """
    dist = torch.cdist(embeddings, embeddings)
    n = embeddings.shape[0]
    return dist / (dist.sum() / (n * (n - 1)))


def angle_potential(embeddings: torch.Tensor) -> torch.Tensor:
    """RKD's angle-wise potential: cosine of the angle at ``j`` in every triplet ``(i, j, k)``.

    Args:
        embeddings: ``(N, d)``.

    Returns:
        ``(N, N, N)``; entry ``(j, i, k)`` is the cosine between ``e_i - e_j`` and ``e_k - e_j``.
    """
    diff = F.normalize(embeddings[None, :, :] - embeddings[:, None, :], dim=2)
    return diff @ diff.transpose(1, 2)


def rkd_loss(
    student: torch.Tensor, teacher: torch.Tensor, w_dist: float = 1.0, w_angle: float = 2.0
) -> torch.Tensor:
    """RKD loss: Huber (smooth L1) distance between the student's and the teacher's potentials.

    Args:
        student: Student embeddings ``(N, d_s)``.
        teacher: Teacher embeddings ``(N, d_t)``; ``d_t`` may differ from ``d_s``.
        w_dist: Weight of the distance-wise term.
        w_angle: Weight of the angle-wise term.

    Returns:
        A scalar.
    """
    teacher = teacher.detach()
    dist = F.smooth_l1_loss(distance_potential(student), distance_potential(teacher))
    angle = F.smooth_l1_loss(angle_potential(student), angle_potential(teacher))
    return w_dist * dist + w_angle * angle


# --8<-- [end:rkd]


def shuffle_positions(feat: torch.Tensor, perm: torch.Tensor) -> torch.Tensor:
    """Reorder the ``H * W`` positions of ``(N, C, H, W)`` features by ``perm``."""
    return feat.flatten(2)[..., perm].view_as(feat)


def random_rotation(dim: int, seed: int = 0) -> torch.Tensor:
    """A seeded random orthogonal ``(dim, dim)`` matrix (float64)."""
    g = torch.Generator().manual_seed(seed)
    q, _ = torch.linalg.qr(torch.randn(dim, dim, generator=g, dtype=DTYPE))
    return q


def demo_embeddings(seed: int = 0) -> torch.Tensor:
    """Six seeded teacher embeddings of dimension 8 (float64)."""
    return torch.randn(6, 8, generator=torch.Generator().manual_seed(seed), dtype=DTYPE)


def transformed_copy(embeddings: torch.Tensor) -> torch.Tensor:
    """The same embeddings rotated, scaled by 3 and shifted: every relation is unchanged."""
    return 3.0 * embeddings @ random_rotation(embeddings.shape[1]) + 5.0


def rkd_figure_data() -> dict[str, object]:
    """Five 2-d teacher embeddings and a student copy rotated by 40 degrees, doubled and shifted.

    Returns:
        ``teacher`` and ``student`` as ``(5, 2)`` tensors, their RKD loss and their MSE.
    """
    teacher = torch.tensor(
        [[0.0, 0.0], [1.0, 0.2], [0.4, 1.0], [1.3, 1.1], [-0.3, 0.7]], dtype=DTYPE
    )
    angle = torch.tensor(40.0, dtype=DTYPE).deg2rad()
    rotation = torch.stack(
        [torch.stack([angle.cos(), -angle.sin()]), torch.stack([angle.sin(), angle.cos()])]
    )
    student = 2.0 * teacher @ rotation.T + torch.tensor([3.0, 0.5], dtype=DTYPE)
    return {
        "teacher": teacher,
        "student": student,
        "rkd": rkd_loss(student, teacher).item(),
        "mse": F.mse_loss(student, teacher).item(),
    }


def plot_rkd_invariance():
    """Teacher and student embeddings side by side, every pair joined: the same shape."""
    from matplotlib.figure import Figure

    data = rkd_figure_data()
    fig = Figure(figsize=(4.8, 2.8), layout="constrained")
    axes = fig.subplots(1, 2)
    titles = {"teacher": "teacher", "student": "student: moved copy"}
    for ax, (name, color) in zip(axes, (("teacher", "C0"), ("student", "C1")), strict=True):
        points = data[name]
        for i in range(len(points)):
            for j in range(i + 1, len(points)):
                ax.plot(*points[[i, j]].T, color=color, linewidth=0.8, alpha=0.5)
        ax.plot(*points.T, "o", color=color, markersize=7)
        ax.set_title(titles[name])
        ax.set_aspect("equal", adjustable="datalim")
    fig.suptitle(f"RKD loss {data['rkd']:.4f}   MSE {data['mse']:.2f}")
    return fig


FIGURES = {"relation-based-distillation-rkd": plot_rkd_invariance}


def main() -> None:
    """Print the FSP shapes and the RKD losses for a transformed copy and for random embeddings."""
    g = torch.Generator().manual_seed(1)
    first = torch.randn(2, 3, 4, 4, generator=g, dtype=DTYPE)
    second = torch.randn(2, 5, 4, 4, generator=g, dtype=DTYPE)
    fsp = fsp_matrix(first, second)
    print(f"FSP matrix of (2, 3, 4, 4) and (2, 5, 4, 4) features: {tuple(fsp.shape)}")
    perm = torch.randperm(16, generator=g)
    shuffled = fsp_matrix(shuffle_positions(first, perm), shuffle_positions(second, perm))
    print(f"same spatial shuffle of both layers, FSP loss: {fsp_loss(fsp, shuffled):.4f}")
    teacher = demo_embeddings()
    copy = transformed_copy(teacher)
    print(f"teacher embeddings {tuple(teacher.shape)}")
    print(f"RKD loss, rotated x3 +5 copy: {rkd_loss(copy, teacher):.4f}")
    print(f"plain MSE, same copy: {F.mse_loss(copy, teacher):.4f}")
    student_small = torch.randn(6, 4, generator=g, dtype=DTYPE)
    print(f"RKD loss, random 4-d student vs 8-d teacher: {rkd_loss(student_small, teacher):.4f}")
    figure = rkd_figure_data()
    rkd, mse = figure["rkd"], figure["mse"]
    print(f"figure, 2-d copy rotated 40 deg, x2, shifted: RKD {rkd:.4f}, MSE {mse:.2f}")


if __name__ == "__main__":
    main()
