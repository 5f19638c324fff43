"""Online distillation (在线蒸馏): deep mutual learning, peers that teach each other while training.

Run ``python -m snippets.online_distillation`` from the repository root to print the facts the
online-distillation page states.
"""

from __future__ import annotations

import functools

import torch
import torch.nn.functional as F
from torch import nn

DTYPE = torch.float64


# --8<-- [start:dml-step]
def dml_losses(logits: list[torch.Tensor], y: torch.Tensor) -> list[torch.Tensor]:
    """Deep mutual learning: each peer's cross-entropy plus its mean KL to the other peers.

    Args:
        logits: One ``(N, K)`` logits tensor per peer, all for the same batch.
        y: Hard labels ``(N,)``.

    Returns:
        One loss per peer: ``CE(y, p_k) + mean over l != k of KL(p_l || p_k)``, where the other
        peers' probabilities ``p_l`` are detached targets.
    """
    losses = []
    for k, own in enumerate(logits):
        log_p = F.log_softmax(own, dim=-1)
        kls = [
            F.kl_div(log_p, F.softmax(other.detach(), dim=-1), reduction="batchmean")
            for j, other in enumerate(logits)
            if j != k
        ]
        losses.append(F.cross_entropy(own, y) + torch.stack(kls).mean())
    return losses


def dml_step(peers: list[nn.Module], x: torch.Tensor, y: torch.Tensor, lr: float = 0.1) -> None:
    """One step for every peer, all from the same forward pass (plain SGD).

    Args:
        peers: Two or more models with the same output classes.
        x: Inputs ``(N, D)``.
        y: Hard labels ``(N,)``.
        lr: Step size.
    """
    losses = dml_losses([peer(x) for peer in peers], y)
    for peer in peers:
        peer.zero_grad()
    torch.stack(losses).sum().backward()  # each loss only reaches its own peer
    with torch.no_grad():
        for peer in peers:
            for p in peer.parameters():
                p -= lr * p.grad


# --8<-- [end:dml-step]


def make_peer(seed: int) -> nn.Module:
    """A small seeded MLP, 2 -> 16 -> 3 (float64)."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 3)).to(DTYPE)


def toy_data(seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """256 points in the plane with 3 classes by angle, 20 % of the labels flipped at random."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(256, 2, generator=g, dtype=DTYPE)
    y = ((torch.atan2(x[:, 1], x[:, 0]) + torch.pi) / (2 * torch.pi / 3)).long().clamp(max=2)
    flip = torch.rand(256, generator=g) < 0.2
    y[flip] = torch.randint(0, 3, (int(flip.sum()),), generator=g)
    return x, y


def peer_disagreement(peers: list[nn.Module], x: torch.Tensor) -> float:
    """Symmetric KL between the two peers' predictions, averaged over the inputs."""
    with torch.no_grad():
        a, b = (F.log_softmax(peer(x), dim=-1) for peer in peers)
    kl_ab = F.kl_div(b, a, log_target=True, reduction="batchmean")
    kl_ba = F.kl_div(a, b, log_target=True, reduction="batchmean")
    return (kl_ab + kl_ba).item()


def train_pair(mutual: bool, steps: int = 20) -> list[nn.Module]:
    """Train two peers (seeds 1 and 2) on the toy data, with or without the mutual KL terms.

    Args:
        mutual: Use :func:`dml_step`; otherwise each peer trains on cross-entropy alone.
        steps: Full-batch SGD steps.

    Returns:
        The two trained peers.
    """
    x, y = toy_data()
    peers = [make_peer(1), make_peer(2)]
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: extra threads only cost time on a busy machine
    try:
        _train(peers, x, y, mutual, steps)
    finally:
        torch.set_num_threads(threads)
    return peers


def _train(
    peers: list[nn.Module], x: torch.Tensor, y: torch.Tensor, mutual: bool, steps: int
) -> None:
    for _ in range(steps):
        if mutual:
            dml_step(peers, x, y)
        else:
            for peer in peers:
                peer.zero_grad()
                F.cross_entropy(peer(x), y).backward()
                with torch.no_grad():
                    for p in peer.parameters():
                        p -= 0.1 * p.grad


@functools.cache  # main() and the tests share this result
def disagreement_study() -> tuple[float, float]:
    """Peer disagreement after 20 steps, trained separately and trained mutually."""
    x, _ = toy_data()
    return (
        peer_disagreement(train_pair(mutual=False), x),
        peer_disagreement(train_pair(mutual=True), x),
    )


def main() -> None:
    """Show that both peers learn in one step and that mutual learning makes them agree."""
    x, y = toy_data()
    peers = [make_peer(1), make_peer(2)]
    before = [[p.clone() for p in peer.parameters()] for peer in peers]
    dml_step(peers, x, y)
    for k, peer in enumerate(peers):
        moved = any(
            not torch.equal(a, b) for a, b in zip(before[k], peer.parameters(), strict=True)
        )
        print(f"peer {k} changed after one DML step: {moved}")
    alone, mutual = disagreement_study()
    print("after 20 steps, disagreement between the peers (symmetric KL):")
    print(f"  trained separately: {alone:.4f}")
    print(f"  trained mutually:   {mutual:.4f}")


if __name__ == "__main__":
    main()
