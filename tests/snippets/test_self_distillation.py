"""Tests for snippets/self_distillation.py: the claims of the self-distillation page."""

import pytest
import torch
import torch.nn.functional as F

from snippets.self_distillation import (
    FIGURES,
    cyclic_schedule,
    main,
    make_net,
    self_distillation_loss,
    self_distillation_terms,
    snapshot_demo,
    snapshot_teacher,
    teacher_term_gradients,
    toy_batch,
    train_exits,
)

X, Y = toy_batch()


def test_kl_term_matches_the_definition() -> None:
    """The KL term is T^2 * sum q_deep log(q_deep / q_shallow), batch-averaged."""
    out = make_net()(X)
    t = 3.0
    q_deep = F.softmax(out["deep_logits"] / t, -1)
    log_q_shallow = F.log_softmax(out["shallow_logits"] / t, -1)
    expected = t**2 * (q_deep * (q_deep.log() - log_q_shallow)).sum(-1).mean()
    torch.testing.assert_close(self_distillation_terms(out, t)[0], expected)


def test_teacher_terms_do_not_train_the_deep_exit_but_do_train_the_shared_body() -> None:
    """With the deep side detached, the KL and hint terms give the deep head and section 2 no
    gradient, but the shallow head and the shared section 1 get one."""
    grads = teacher_term_gradients()
    assert grads["deep head"] == 0.0
    assert grads["section 2"] == 0.0
    assert grads["shallow head"] > 0
    assert grads["section 1"] > 0


def test_teacher_terms_vanish_when_the_exits_agree() -> None:
    """If the shallow exit copied the deep one exactly, the KL term would vanish: checked by
    feeding the deep outputs in both places."""
    out = make_net()(X)
    same = dict(out, shallow_logits=out["deep_logits"], shallow_feat=out["deep_feat"])
    kl, hint = self_distillation_terms(same)
    assert kl.item() == pytest.approx(0.0, abs=1e-12)
    assert hint.item() == 0.0
    expected = 1.5 * F.cross_entropy(out["deep_logits"], Y)
    torch.testing.assert_close(self_distillation_loss(same, Y), expected)


def test_both_exits_learn() -> None:
    """After 150 steps the shallow exit reaches 0.984 and the deep exit 1.000 training accuracy."""
    accuracy = train_exits()
    assert accuracy["shallow"] == pytest.approx(0.984, abs=1e-3)
    assert accuracy["deep"] == 1.0


def test_snapshot_teacher_is_frozen_while_the_model_moves() -> None:
    """A snapshot teacher is a frozen copy: it stays bit-identical while the model trains."""
    teacher = snapshot_teacher(make_net())
    assert not teacher.training
    assert not any(p.requires_grad for p in teacher.parameters())
    assert snapshot_demo() == (True, True)


def test_snapshots_are_taken_at_the_end_of_each_cycle() -> None:
    """Snapshots fall on the last step of cycles 1 and 2, where the cyclic rate is at its minimum
    (0), and the rate jumps back to its peak on the next step."""
    rates, snapshots = cyclic_schedule()
    assert snapshots == [39, 79]
    for s in snapshots:
        assert rates[s] == pytest.approx(0.0, abs=1e-12)
        assert rates[s + 1] == pytest.approx(max(rates))


def test_figure_is_registered_and_draws() -> None:
    """FIGURES names the page's figure and its function returns a matplotlib Figure."""
    from matplotlib.figure import Figure

    assert set(FIGURES) == {"self-distillation-snapshots"}
    assert isinstance(FIGURES["self-distillation-snapshots"](), Figure)


def test_main_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the zero gradient of the deep head."""
    main()
    assert "deep head    0.0000" in capsys.readouterr().out
