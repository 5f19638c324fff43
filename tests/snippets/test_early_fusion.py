"""Tests for snippets/early_fusion.py: the claims the early-fusion page makes."""

import torch

from snippets.early_fusion import (
    DTYPE,
    XOR_LABELS,
    XOR_TABLE,
    best_additive_fit,
    depends_on,
    diagram,
    early_fusion,
    fused_then_predict,
    main,
    models_before_fusion,
    predict_per_scale,
    xor_model,
)

GEN = torch.Generator().manual_seed(0)


def test_early_fusion_is_one_model_on_the_concatenation() -> None:
    """early_fusion feeds torch.cat([a, b], dim=1) to the model: a linear model sees both blocks."""
    a = torch.randn(5, 3, generator=GEN, dtype=DTYPE)
    b = torch.randn(5, 2, generator=GEN, dtype=DTYPE)
    linear = torch.nn.Linear(5, 4).double()
    expected = a @ linear.weight[:, :3].T + b @ linear.weight[:, 3:].T + linear.bias
    torch.testing.assert_close(early_fusion(a, b, linear), expected)


def test_early_fusion_learns_xor() -> None:
    """The hand-set two-layer network on the concatenated bits outputs XOR exactly."""
    out = early_fusion(XOR_TABLE[:, :1], XOR_TABLE[:, 1:], xor_model)
    torch.testing.assert_close(out, XOR_LABELS)


def test_no_sum_of_per_modality_scores_fits_xor() -> None:
    """The best f(x1) + g(x2) for XOR is 0.5 everywhere: summed per-modality scores fail."""
    fit = best_additive_fit(XOR_TABLE, XOR_LABELS)
    torch.testing.assert_close(fit, torch.full((4,), 0.5, dtype=DTYPE))


def test_additive_fit_is_exact_for_additive_targets() -> None:
    """Sanity check of the fit: a target that is f(x1) + g(x2) is reproduced exactly."""
    target = 2 * XOR_TABLE[:, 0] - 3 * XOR_TABLE[:, 1] + 1
    torch.testing.assert_close(best_additive_fit(XOR_TABLE, target), target)


def test_multi_scale_fusion_dependencies() -> None:
    """Autograd: fused, a fine-grid prediction sees both scales; per-scale heads see one each."""
    fine = torch.randn(1, 4, 6, 6, generator=GEN, dtype=DTYPE, requires_grad=True)
    coarse = torch.randn(1, 4, 3, 3, generator=GEN, dtype=DTYPE, requires_grad=True)
    head = torch.randn(2, 4, 1, 1, generator=GEN, dtype=DTYPE)
    fused = fused_then_predict(fine, coarse, head)
    assert fused.shape == (1, 2, 6, 6)
    assert depends_on(fused[:, :, 5, 5], [fine, coarse]) == [True, True]
    p_fine, p_coarse = predict_per_scale(fine, coarse, head)
    assert p_fine.shape[-2:] == (6, 6) and p_coarse.shape[-2:] == (3, 3)
    assert depends_on(p_fine, [fine, coarse]) == [True, False]
    assert depends_on(p_coarse, [fine, coarse]) == [False, True]


def test_diagram_data() -> None:
    """Figure data: early fusion has no model between input and fusion; late fusion has one."""
    assert models_before_fusion("early") == {"a": 0, "b": 0}
    assert models_before_fusion("late") == {"a": 1, "b": 1}
    labels = [label for label, _, _ in diagram("early")["nodes"].values()]
    assert labels.count("model") == 1


def test_main_runs(capsys) -> None:
    """main() prints the XOR table and the multi-scale dependencies."""
    main()
    assert "64 + 16 = 80" in capsys.readouterr().out
