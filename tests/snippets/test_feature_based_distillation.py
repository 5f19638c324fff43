"""Tests for snippets/feature_based_distillation.py: the claims of the feature-based page."""

import pytest
import torch
import torch.nn.functional as F

from snippets.feature_based_distillation import (
    attention_loss,
    attention_map,
    connector_params,
    demo_features,
    fit_connector,
    hint_loss,
    main,
    make_connector,
)

STUDENT, TEACHER = demo_features()


def test_connector_output_matches_teacher_shape() -> None:
    """The 1x1 connector turns (2, 4, 8, 8) student features into the teacher's (2, 16, 8, 8)."""
    connector = make_connector(4, 16)
    assert connector(STUDENT).shape == TEACHER.shape
    assert connector_params(4, 16) == 4 * 16
    assert connector_params(64, 256) == 16384


def test_hint_loss_is_half_squared_distance_and_zero_when_features_match() -> None:
    """hint_loss is 0.5 * summed F.mse_loss / N, and 0 for matching features."""
    connector = make_connector(4, 16)
    expected = 0.5 * F.mse_loss(connector(STUDENT), TEACHER, reduction="sum") / STUDENT.shape[0]
    torch.testing.assert_close(hint_loss(STUDENT, TEACHER, connector), expected)
    with torch.no_grad():
        matched = connector(STUDENT)
    assert hint_loss(STUDENT, matched, connector).item() == 0.0
    assert hint_loss(STUDENT, TEACHER, connector).item() > 0


def test_gradient_reaches_student_and_connector_not_teacher() -> None:
    """The hint loss trains the student's features and the connector; the teacher gets nothing."""
    student = STUDENT.clone().requires_grad_(True)
    teacher = TEACHER.clone().requires_grad_(True)
    connector = make_connector(4, 16)
    hint_loss(student, teacher, connector).backward()
    assert student.grad.abs().sum() > 0
    assert connector.weight.grad.abs().sum() > 0
    assert teacher.grad is None


def test_connector_can_be_fitted() -> None:
    """When the teacher features are a 1x1 mixing of the student's, training the connector
    alone drives the hint loss from about 249 to below 1e-6."""
    before, after = fit_connector()
    assert before > 200
    assert after < 1e-6


def test_attention_map_shape_norm_and_channel_count() -> None:
    """Attention maps are (N, H*W) unit vectors; repeating the channels does not change them,
    so student and teacher may have different channel counts without a connector."""
    q = attention_map(STUDENT)
    assert q.shape == (2, 64)
    torch.testing.assert_close(q.norm(dim=1), torch.ones(2, dtype=q.dtype))
    doubled = torch.cat([STUDENT, STUDENT], dim=1)
    torch.testing.assert_close(attention_map(doubled), q)
    assert attention_loss(STUDENT, doubled).item() == pytest.approx(0.0, abs=1e-12)
    assert attention_loss(STUDENT, TEACHER).item() > 0.1


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the connector's output shape and the zero-loss case."""
    main()
    out = capsys.readouterr().out
    assert "connector output (2, 16, 8, 8)" in out
    assert "hint loss, teacher = connector(student): 0.0000" in out
