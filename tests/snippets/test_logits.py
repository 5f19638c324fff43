"""Tests for snippets/logits.py: every claim the logits page makes."""

import math

import pytest
import torch
import torch.nn.functional as F

from snippets.logits import (
    double_softmax_floor,
    log_softmax,
    logit,
    main,
    naive_log_softmax,
    softmax,
)

GEN = torch.Generator().manual_seed(0)
Z = torch.randn(5, 7, generator=GEN, dtype=torch.float64) * 3


def test_softmax_and_log_softmax_match_torch() -> None:
    """The hand-written softmax and log-softmax equal F.softmax and F.log_softmax."""
    torch.testing.assert_close(softmax(Z), F.softmax(Z, dim=-1))
    torch.testing.assert_close(log_softmax(Z), F.log_softmax(Z, dim=-1))


def test_softmax_ignores_a_constant_shift_but_not_a_scale() -> None:
    """Adding one number to every logit leaves the softmax unchanged; doubling them does not."""
    c = torch.randn(5, 1, generator=GEN, dtype=torch.float64) * 50
    torch.testing.assert_close(softmax(Z + c), softmax(Z))
    assert not torch.allclose(softmax(2 * Z), softmax(Z))


def test_logits_are_log_probabilities_up_to_a_constant() -> None:
    """z - log_softmax(z) is the same number (logsumexp) for every class of a row."""
    diff = Z - log_softmax(Z)
    torch.testing.assert_close(diff, torch.logsumexp(Z, dim=-1, keepdim=True).expand_as(Z))


def test_log_of_softmax_underflows_but_log_softmax_does_not() -> None:
    """For logits (1000, 0), log(softmax) gives -inf; log_softmax gives the true -1000."""
    big = torch.tensor([1000.0, 0.0], dtype=torch.float64)
    assert naive_log_softmax(big)[1].item() == -math.inf
    assert log_softmax(big)[1].item() == pytest.approx(-1000.0)
    assert F.log_softmax(big, dim=-1)[1].item() == pytest.approx(-1000.0)


def test_binary_logit_is_log_odds_and_inverts_the_sigmoid() -> None:
    """logit(p) = log(p / (1 - p)) equals torch.logit, and sigmoid(logit(p)) = p."""
    p = torch.linspace(0.01, 0.99, 21, dtype=torch.float64)
    torch.testing.assert_close(logit(p), torch.logit(p))
    torch.testing.assert_close(logit(p), torch.log(p / (1 - p)))
    torch.testing.assert_close(torch.sigmoid(logit(p)), p)
    assert logit(torch.tensor(0.9, dtype=torch.float64)).item() == pytest.approx(math.log(9))


def test_two_class_softmax_is_sigmoid_of_the_difference() -> None:
    """With two classes, softmax(z)[0] = sigmoid(z0 - z1): only the difference is identified."""
    pair = torch.randn(10, 2, generator=GEN, dtype=torch.float64)
    torch.testing.assert_close(softmax(pair)[:, 0], torch.sigmoid(pair[:, 0] - pair[:, 1]))


def test_cross_entropy_on_probabilities_has_a_floor() -> None:
    """Feeding probabilities to F.cross_entropy (a double softmax) cannot go below
    log(1 + (K - 1)/e), even for a perfect prediction; real logits can get close to 0."""
    k = 10
    target = torch.tensor([3])
    perfect = F.one_hot(target, k).double()
    floor = double_softmax_floor(k)
    assert F.cross_entropy(perfect, target).item() == pytest.approx(floor)
    probs = F.softmax(torch.randn(200, k, generator=GEN, dtype=torch.float64) * 5, dim=-1)
    labels = torch.randint(0, k, (200,), generator=GEN)
    losses = F.cross_entropy(probs, labels, reduction="none")
    assert bool((losses >= floor - 1e-12).all())
    assert F.cross_entropy(20 * perfect, target).item() < 1e-7


def test_main_prints_the_page_facts(capsys: pytest.CaptureFixture[str]) -> None:
    """main() prints the unchanged softmax after a shift and the 1.4612 floor."""
    main()
    out = capsys.readouterr().out
    assert "(102.0000, 101.0000, 100.0000) -> softmax (0.6652, 0.2447, 0.0900)" in out
    assert "log_softmax  = (0.0000, -1000.0000)" in out
    assert "cross_entropy = 1.4612" in out
