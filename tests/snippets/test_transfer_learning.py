"""Tests for snippets/transfer_learning.py: every claim the transfer-learning page makes.

``pretrain`` and ``study`` are cached: the pretraining and the three target runs happen once.
"""

import pytest
import torch

from snippets.transfer_learning import (
    HIDDEN,
    IN_DIM,
    MODES,
    TARGET_STEPS,
    main,
    pretrain,
    pretrained_body,
    study,
    target_model,
    task_data,
)


def test_pretraining_fits_the_source_task() -> None:
    """After pretraining, the source training MSE is below 1 % of the source targets' variance."""
    _, loss = pretrain()
    _, y = task_data("source", 256, seed=1)
    assert loss < 0.01 * y.var().item()


def test_transfer_beats_training_from_scratch() -> None:
    """After 50 steps on 16 target examples, held-out MSE: feature extraction < fine-tune < scratch,
    each at least 1.5 times lower than the next."""
    held_out = {mode: study()[mode][0][-1] for mode in MODES}
    assert 1.5 * held_out["feature extraction"] < held_out["fine-tune"]
    assert 1.5 * held_out["fine-tune"] < held_out["scratch"]


def test_scratch_overfits_the_small_target_set() -> None:
    """From scratch, the training MSE falls below 0.01 while the held-out MSE stays above 0.3:
    16 examples cannot pin down 353 parameters."""
    curve, train_loss, trained = study()["scratch"]
    assert train_loss < 0.01
    assert curve[-1] > 0.3
    assert trained == IN_DIM * HIDDEN + HIDDEN + HIDDEN + 1 == 353


def test_feature_extraction_trains_only_the_head() -> None:
    """With the body frozen only the 17 head parameters train; the pretrained body, shared by all
    runs, is left untouched by the fine-tuning run (it works on a copy)."""
    assert study()["feature extraction"][2] == HIDDEN + 1 == 17
    model = target_model("feature extraction")
    assert not any(p.requires_grad for p in model[0].parameters())
    assert all(p.requires_grad for p in model[1].parameters())
    fresh = target_model("fine-tune")
    for a, b in zip(fresh[0].parameters(), pretrained_body().parameters(), strict=True):
        assert torch.equal(a, b)
        assert a is not b


def test_curves_have_one_value_per_step() -> None:
    """Figure data: each held-out curve has a value before training and after each of 50 steps."""
    for mode in MODES:
        assert len(study()[mode][0]) == TARGET_STEPS + 1


def test_main_prints_the_page_facts(capsys: pytest.CaptureFixture[str]) -> None:
    """main() prints the three rows with their parameter counts."""
    main()
    out = capsys.readouterr().out
    assert "feature extraction              17" in out
    assert "scratch                        353" in out
