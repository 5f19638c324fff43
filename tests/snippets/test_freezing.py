"""Tests for snippets/freezing.py: frozen parameters get no gradient and no update; batch norm
statistics are frozen only by eval()."""

import torch

from snippets.freezing import (
    count_parameters,
    freeze,
    freeze_backbone,
    main,
    running_mean_moves,
    sample_input,
    sgd_step,
    tiny_net,
)

X = sample_input()


def test_frozen_parameters_get_no_gradient_and_the_head_does():
    """After backward, every frozen parameter has .grad None; every head parameter has one."""
    model = freeze_backbone()
    model(X).sum().backward()
    assert all(p.grad is None for p in model[0].parameters())
    assert all(p.grad is not None for p in model[1].parameters())


def test_trainable_count_is_the_head_only():
    """Trainable parameters after freezing = the head's (4 * 2 + 2 = 10); the total is unchanged."""
    model = tiny_net()
    assert count_parameters(model) == (130, 130)
    freeze(model[0])
    assert count_parameters(model) == (10, 130)
    assert sum(p.numel() for p in model[1].parameters()) == 10


def test_sgd_step_leaves_frozen_weights_bit_identical():
    """One SGD step changes the head but leaves every frozen tensor exactly equal."""
    model = freeze_backbone()
    frozen = [p.clone() for p in model[0].parameters()]
    head = [p.clone() for p in model[1].parameters()]
    model(X).sum().backward()
    sgd_step(model)
    assert all(torch.equal(a, b) for a, b in zip(frozen, model[0].parameters(), strict=True))
    assert any(not torch.equal(a, b) for a, b in zip(head, model[1].parameters(), strict=True))


def test_frozen_batch_norm_still_updates_running_stats_in_train_mode():
    """requires_grad_(False) does not stop BN's running mean/var from updating in train mode."""
    assert running_mean_moves(freeze_backbone(), X, backbone_eval=False)
    model = freeze_backbone()
    bn = model[0][1]
    var_before = bn.running_var.clone()
    model.train()(X)
    assert not torch.equal(var_before, bn.running_var)
    assert int(bn.num_batches_tracked) == 1


def test_eval_freezes_running_stats():
    """With the backbone in eval(), a forward pass leaves the running statistics untouched."""
    assert not running_mean_moves(freeze_backbone(), X, backbone_eval=True)


def test_eval_alone_does_not_stop_gradients():
    """eval() changes BN's behaviour, not autograd: its weight still gets a gradient."""
    model = tiny_net()
    model[0].eval()
    model(X).sum().backward()
    assert model[0][1].weight.grad is not None


def test_main_prints_the_page_facts(capsys):
    """main() prints the counts 130 and 10 and the two BN verdicts."""
    main()
    out = capsys.readouterr().out
    assert "backbone frozen: 10 of 130 parameters trainable" in out
    assert "frozen, model.train():    True" in out
    assert "frozen, backbone.eval():  False" in out


def test_exercise_freezing_only_the_conv_leaves_18_trainable():
    """Exercise 1: freezing only the convolution leaves 18 of 130 parameters trainable (BN's 8
    and the head's 10), and BN's running mean still moves in train mode."""
    model = tiny_net()
    freeze(model[0][0])
    assert count_parameters(model) == (18, 130)
    assert running_mean_moves(model, X, backbone_eval=False)


def test_exercise_eval_alone_freezes_nothing():
    """Exercise 2: after model.eval() all 130 parameters stay trainable, and one SGD step
    changes the convolution's weights."""
    model = tiny_net()
    model.eval()
    assert count_parameters(model) == (130, 130)
    conv_w = model[0][0].weight.clone()
    model(X).sum().backward()
    assert model[0][1].weight.grad is not None
    sgd_step(model)
    assert not torch.equal(conv_w, model[0][0].weight)
