"""Tests for snippets/training.py: every claim the training page makes.

``loss_history`` is cached, so the (slow, once per process) first torch.optim optimizer is built
only once for the whole file.
"""

import math

import pytest
import torch
import torch.nn.functional as F

from snippets.training import (
    STEPS,
    accumulated_gradient_ratio,
    accuracy,
    demo_run,
    loss_history,
    main,
    make_model,
    toy_data,
    train,
)


def test_loss_goes_down() -> None:
    """The loss starts near log 2 (an untrained two-class model) and ends below a fifth of it."""
    losses = loss_history()
    assert len(losses) == STEPS
    assert losses[0] == pytest.approx(math.log(2), abs=0.1)
    assert losses[-1] < 0.2 * losses[0]
    assert min(losses) == pytest.approx(losses[-1], abs=1e-3)


def test_training_learns_the_task() -> None:
    """Accuracy goes from chance (an untrained model) to at least 90 % after training."""
    x, y = toy_data()
    assert accuracy(make_model(), x, y) == pytest.approx(0.5, abs=0.15)
    assert accuracy(demo_run()[0], x, y) >= 0.9


def test_recorded_loss_is_the_loss_of_the_parameters_before_the_step() -> None:
    """loss_history()[k] is the loss of the model after k steps: retraining for one step and
    evaluating reproduces the second entry."""
    x, y = toy_data()
    model = make_model()
    train(model, x, y, steps=1)
    with torch.no_grad():
        assert F.cross_entropy(model(x), y).item() == pytest.approx(loss_history()[1])


def test_forgetting_zero_grad_accumulates_gradients() -> None:
    """Two backward() calls without zero_grad() give exactly twice the gradient."""
    assert accumulated_gradient_ratio() == pytest.approx(2.0)


def test_parameter_count() -> None:
    """The MLP 2 -> 16 -> 2 has 2*16 + 16 + 16*2 + 2 = 82 parameters, 34 of them in the head."""
    model = make_model()
    assert sum(p.numel() for p in model.parameters()) == 82
    assert sum(p.numel() for p in model[2].parameters()) == 34


def test_main_prints_the_page_facts(capsys: pytest.CaptureFixture[str]) -> None:
    """main() prints the first and last losses, the accuracies and the doubled gradient."""
    main()
    out = capsys.readouterr().out
    assert f"step  0: loss {loss_history()[0]:.4f}" in out
    assert "accuracy before training: 0.50" in out
    assert "trainable parameters: 82" in out
    assert "without zero_grad: 2.0000x" in out
