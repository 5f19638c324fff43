"""Tests for snippets/relation_based_distillation.py: the claims of the relation-based page."""

import pytest
import torch
import torch.nn.functional as F

from snippets.relation_based_distillation import (
    FIGURES,
    angle_potential,
    demo_embeddings,
    distance_potential,
    fsp_loss,
    fsp_matrix,
    main,
    random_rotation,
    rkd_figure_data,
    rkd_loss,
    shuffle_positions,
    transformed_copy,
)

GEN = torch.Generator().manual_seed(3)
FIRST = torch.randn(2, 3, 4, 4, generator=GEN, dtype=torch.float64)
SECOND = torch.randn(2, 5, 4, 4, generator=GEN, dtype=torch.float64)
TEACHER = demo_embeddings()


def test_fsp_matrix_shape_and_definition() -> None:
    """The FSP matrix is (N, C1, C2) and entry (i, j) is the spatial mean of F1_i * F2_j."""
    g = fsp_matrix(FIRST, SECOND)
    assert g.shape == (2, 3, 5)
    expected = (FIRST[1, 2] * SECOND[1, 4]).mean()
    torch.testing.assert_close(g[1, 2, 4], expected)


def test_fsp_ignores_a_shared_spatial_shuffle_and_loss_is_zero_for_equal_matrices() -> None:
    """Shuffling the positions of both layers the same way leaves the FSP matrix unchanged,
    so the FSP loss between the two is 0; a different student gives a positive loss."""
    perm = torch.randperm(16, generator=GEN)
    shuffled = fsp_matrix(shuffle_positions(FIRST, perm), shuffle_positions(SECOND, perm))
    torch.testing.assert_close(shuffled, fsp_matrix(FIRST, SECOND))
    assert fsp_loss(fsp_matrix(FIRST, SECOND), fsp_matrix(FIRST, SECOND)).item() == 0.0
    assert fsp_loss(fsp_matrix(FIRST, SECOND), fsp_matrix(FIRST, -SECOND)).item() > 0


def test_distance_potential_has_mean_one_and_matches_cdist() -> None:
    """Off-diagonal distance potentials average to 1 and are torch.cdist divided by that mean."""
    psi = distance_potential(TEACHER)
    off = ~torch.eye(6, dtype=torch.bool)
    assert psi[off].mean().item() == pytest.approx(1.0)
    dist = torch.cdist(TEACHER, TEACHER)
    torch.testing.assert_close(psi, dist / dist[off].mean())


def test_angle_potential_is_the_cosine_at_the_middle_point() -> None:
    """Entry (j, i, k) is the cosine of the angle between e_i - e_j and e_k - e_j."""
    psi = angle_potential(TEACHER)
    i, j, k = 0, 2, 5
    expected = F.cosine_similarity(TEACHER[i] - TEACHER[j], TEACHER[k] - TEACHER[j], dim=0)
    torch.testing.assert_close(psi[j, i, k], expected)


def test_rkd_is_invariant_to_rotation_translation_and_scale() -> None:
    """A rotated, scaled (x3) and shifted (+5) copy of the teacher has RKD loss 0, although
    its plain MSE to the teacher is large."""
    copy = transformed_copy(TEACHER)
    assert rkd_loss(copy, TEACHER).item() == pytest.approx(0.0, abs=1e-12)
    assert F.mse_loss(copy, TEACHER).item() > 10
    q = random_rotation(8)
    torch.testing.assert_close(q @ q.T, torch.eye(8, dtype=torch.float64))


def test_rkd_compares_embeddings_of_different_sizes_without_an_adapter() -> None:
    """A 4-d student and the 8-d teacher have potentials of the same shape; a random student
    has a positive loss and receives a gradient, the teacher none."""
    student = torch.randn(6, 4, generator=GEN, dtype=torch.float64, requires_grad=True)
    teacher = TEACHER.clone().requires_grad_(True)
    loss = rkd_loss(student, teacher)
    assert loss.item() > 0
    loss.backward()
    assert student.grad.abs().sum() > 0
    assert teacher.grad is None


def test_figure_data_student_is_a_similar_copy() -> None:
    """The figure's student is the teacher rotated, doubled and shifted: its distance potentials
    equal the teacher's, its RKD loss is 0 and its MSE to the teacher is 4.64."""
    data = rkd_figure_data()
    torch.testing.assert_close(
        distance_potential(data["student"]), distance_potential(data["teacher"])
    )
    assert data["rkd"] == pytest.approx(0.0, abs=1e-12)
    assert data["mse"] == pytest.approx(4.64, abs=5e-3)


def test_figure_is_registered_and_draws() -> None:
    """FIGURES names the page's figure and its function returns a matplotlib Figure."""
    from matplotlib.figure import Figure

    assert set(FIGURES) == {"relation-based-distillation-rkd"}
    assert isinstance(FIGURES["relation-based-distillation-rkd"](), Figure)


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the FSP shape and the zero RKD loss of the transformed copy."""
    main()
    out = capsys.readouterr().out
    assert "(2, 3, 5)" in out
    assert "RKD loss, rotated x3 +5 copy: 0.0000" in out
