"""Tests for snippets/embedding.py: lookup = one-hot @ W, sparse gradient, rotation invariance."""

import torch
import torch.nn.functional as F
from torch import nn

from snippets.embedding import (
    DIM,
    IDS,
    VOCAB,
    embed,
    embed_one_hot,
    main,
    rotate,
    rows_with_gradient,
    same_model_after_step,
    table,
    table_gradient,
    train_step,
)

WEIGHT, HEAD = table()
ID_BATCH = torch.tensor([[1, 3, 3, 5], [0, 2, 2, 2]])


def test_lookup_matches_nn_embedding_and_one_hot():
    """embed() equals nn.Embedding with the same table, and one_hot(ids) @ W."""
    layer = nn.Embedding(VOCAB, DIM, dtype=WEIGHT.dtype)
    with torch.no_grad():
        layer.weight.copy_(WEIGHT)
    torch.testing.assert_close(embed(ID_BATCH, WEIGHT), layer(ID_BATCH))
    torch.testing.assert_close(embed_one_hot(ID_BATCH, WEIGHT), layer(ID_BATCH))
    assert embed(ID_BATCH, WEIGHT).shape == (2, 4, DIM)


def test_gradient_touches_only_the_used_rows():
    """Only rows of ids that occur get a gradient; a repeated id accumulates it."""
    ids = torch.tensor(IDS)
    assert rows_with_gradient(ids, WEIGHT) == sorted(set(IDS))
    layer = nn.Embedding(VOCAB, DIM, dtype=WEIGHT.dtype)
    layer(ids).sum().backward()
    expected = torch.zeros(VOCAB, DIM, dtype=WEIGHT.dtype)
    for i in IDS:
        expected[i] += 1.0
    torch.testing.assert_close(layer.weight.grad, expected)  # row 3 gets 2, unused rows 0


def test_padding_idx_row_gets_no_gradient():
    """With padding_idx, that row's gradient stays zero even when the id is used."""
    layer = nn.Embedding(VOCAB, DIM, padding_idx=3, dtype=WEIGHT.dtype)
    layer(torch.tensor(IDS)).sum().backward()
    assert torch.count_nonzero(layer.weight.grad[3]) == 0
    assert torch.count_nonzero(layer.weight.grad[1]) == DIM


def test_rotation_leaves_the_model_and_the_geometry_unchanged():
    """E -> EQ and head -> Q^T head give the same outputs and the same cosine similarities,
    while the individual coordinates change: single dimensions carry no fixed meaning."""
    w2, head2 = rotate(WEIGHT, HEAD)
    torch.testing.assert_close(embed(ID_BATCH, WEIGHT) @ HEAD, embed(ID_BATCH, w2) @ head2)
    cos = F.cosine_similarity(WEIGHT[:, None], WEIGHT[None], dim=-1)
    cos2 = F.cosine_similarity(w2[:, None], w2[None], dim=-1)
    torch.testing.assert_close(cos, cos2)
    assert not torch.allclose(WEIGHT, w2)


def test_adam_first_step_matches_torch_optim():
    """train_step(rule="adam") equals one step of torch.optim.Adam; "sgd" equals torch.optim.SGD."""
    ids = torch.tensor(IDS)
    for rule, make in (("adam", torch.optim.Adam), ("sgd", torch.optim.SGD)):
        w = nn.Parameter(WEIGHT.clone())
        opt = make([w], lr=0.1)
        (embed(ids, w) @ HEAD).pow(2).sum().div(2).backward()
        opt.step()
        assert torch.allclose(train_step(WEIGHT, HEAD, ids, rule), w.detach(), atol=1e-10)


def test_sgd_keeps_the_rotation_symmetry_adam_breaks_it():
    """After one SGD step the rotated model still equals the original; after one Adam step not."""
    assert same_model_after_step("sgd")
    assert not same_model_after_step("adam")


def test_main_prints_the_page_facts(capsys):
    """main() prints the equality, the rows [1, 3, 5] and the rotation verdict."""
    main()
    out = capsys.readouterr().out
    assert "lookup equals one_hot(ids) @ W: True" in out
    assert "rows of W with a non-zero gradient: [1, 3, 5]" in out
    assert "rotated table, same model output: True" in out


def test_exercise_table_gradient_counts_occurrences():
    """Exercise 1: for ids [1, 3, 3, 5] and a sum loss, rows 1 and 5 get (1, 1, 1), row 3 gets
    (2, 2, 2) and rows 0, 2, 4 get 0; it agrees with nn.Embedding's gradient."""
    grad = table_gradient(torch.tensor(IDS), WEIGHT)
    expected = torch.tensor([0, 1, 0, 2, 0, 1], dtype=torch.float64)[:, None].expand(VOCAB, DIM)
    torch.testing.assert_close(grad, expected)
    layer = nn.Embedding.from_pretrained(WEIGHT.clone(), freeze=False)
    layer(torch.tensor(IDS)).sum().backward()
    torch.testing.assert_close(grad, layer.weight.grad)


def test_exercise_rotation_keeps_length_and_cosine():
    """Exercise 2: token 1 has length 0.7570 before and after the rotation, its coordinates go
    from (-0.7270, -0.0200, 0.2103) to (0.6189, 0.1079, 0.4224), the cosine with token 3 stays
    -0.5875."""
    rotated, _ = rotate(WEIGHT, HEAD)
    assert abs(WEIGHT[1].norm().item() - 0.7570) < 5e-5
    assert abs(rotated[1].norm().item() - 0.7570) < 5e-5
    torch.testing.assert_close(
        WEIGHT[1], torch.tensor([-0.7270, -0.0200, 0.2103], dtype=torch.float64), atol=5e-5, rtol=0
    )
    torch.testing.assert_close(
        rotated[1], torch.tensor([0.6189, 0.1079, 0.4224], dtype=torch.float64), atol=5e-5, rtol=0
    )
    for w in (WEIGHT, rotated):
        assert abs(F.cosine_similarity(w[1], w[3], dim=0).item() + 0.5875) < 5e-5


def test_exercise_adam_first_step_moves_every_coordinate_by_lr():
    """Exercise 3: Adam's first step (lr 0.1) moves each coordinate of rows 1, 3, 5 by 0.1
    against its gradient's sign and leaves row 0 alone; SGD moves row 3 by
    (-0.6683, -0.0566, 0.4442)."""
    ids = torch.tensor(IDS)
    adam = train_step(WEIGHT, HEAD, ids, "adam") - WEIGHT
    sgd = train_step(WEIGHT, HEAD, ids, "sgd") - WEIGHT
    present = torch.tensor([1, 3, 5])
    torch.testing.assert_close(adam[present].abs(), torch.full((3, DIM), 0.1, dtype=torch.float64))
    assert torch.equal(adam[0], torch.zeros(DIM, dtype=torch.float64))
    assert torch.equal(torch.sign(adam[present]), torch.sign(sgd[present]))
    torch.testing.assert_close(
        sgd[3], torch.tensor([-0.6683, -0.0566, 0.4442], dtype=torch.float64), atol=5e-5, rtol=0
    )
