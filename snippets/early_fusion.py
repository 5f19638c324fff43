"""Early fusion (早融合): combine features before the model, in both senses of the term.

Run ``python -m snippets.early_fusion`` from the repository root to print what the
early-fusion page states: a model on concatenated features can learn an interaction between
two modalities (XOR) that no sum of per-modality scores can, and in a detector, fusing two
scales before the head makes every prediction depend on both scales.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

DTYPE = torch.float64
XOR_TABLE = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], dtype=DTYPE)
XOR_LABELS = torch.tensor([0.0, 1.0, 1.0, 0.0], dtype=DTYPE)


# --8<-- [start:early-fusion]
def early_fusion(
    a: torch.Tensor, b: torch.Tensor, model: Callable[[torch.Tensor], torch.Tensor]
) -> torch.Tensor:
    """Multimodal early fusion: concatenate the two modalities' features, then run one model.

    Args:
        a: Features of modality A, shape ``(N, d_a)``.
        b: Features of modality B, shape ``(N, d_b)``.
        model: Any function of the ``(N, d_a + d_b)`` joint features.

    Returns:
        The model's output on the fused features.
    """
    return model(torch.cat([a, b], dim=1))


def xor_model(joint: torch.Tensor) -> torch.Tensor:
    """A two-layer ReLU network with hand-set weights: x₁ + x₂ − 2·ReLU(x₁ + x₂ − 1).

    On bits it outputs x₁ XOR x₂, an interaction between the two inputs.

    Args:
        joint: Shape ``(N, 2)``: one bit from each modality.

    Returns:
        Shape ``(N,)``.
    """
    s = joint.sum(dim=1)
    return s - 2 * F.relu(s - 1)


# --8<-- [end:early-fusion]


# --8<-- [start:additive-limit]
def best_additive_fit(inputs: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Least-squares fit of f(x₁) + g(x₂): the best any fusion of per-modality scores can do.

    Summing (or averaging) scores that each model computes from one modality gives a score of
    this additive form, whatever the per-modality models are.

    Args:
        inputs: Shape ``(N, 2)`` of bits.
        labels: Shape ``(N,)``.

    Returns:
        The fitted scores, shape ``(N,)``.
    """
    one_hot = [F.one_hot(inputs[:, i].long(), 2).to(DTYPE) for i in range(2)]
    design = torch.cat(one_hot, dim=1)  # columns: [x1 = 0], [x1 = 1], [x2 = 0], [x2 = 1]
    coef = torch.linalg.lstsq(design, labels[:, None], driver="gelsd").solution
    return (design @ coef)[:, 0]


# --8<-- [end:additive-limit]


# --8<-- [start:multi-scale]
def fused_then_predict(
    fine: torch.Tensor, coarse: torch.Tensor, head: torch.Tensor
) -> torch.Tensor:
    """Multi-scale early fusion: upsample the coarse map, add it to the fine one, predict once.

    Args:
        fine: Fine feature map, shape ``(1, C, 2H, 2W)``.
        coarse: Coarse feature map, shape ``(1, C, H, W)``.
        head: 1×1 prediction kernels, shape ``(K, C, 1, 1)``.

    Returns:
        Predictions on the fine grid only, shape ``(1, K, 2H, 2W)``.
    """
    fused = fine + F.interpolate(coarse, scale_factor=2, mode="nearest")
    return F.conv2d(fused, head)


def predict_per_scale(
    fine: torch.Tensor, coarse: torch.Tensor, head: torch.Tensor
) -> list[torch.Tensor]:
    """The late-fusion alternative: one prediction map per scale, merged afterwards (SSD-style).

    Args:
        fine: Shape ``(1, C, 2H, 2W)``.
        coarse: Shape ``(1, C, H, W)``.
        head: 1×1 prediction kernels, shape ``(K, C, 1, 1)``.

    Returns:
        ``[predictions on fine, predictions on coarse]``.
    """
    return [F.conv2d(fine, head), F.conv2d(coarse, head)]


# --8<-- [end:multi-scale]


def depends_on(output: torch.Tensor, inputs: list[torch.Tensor]) -> list[bool]:
    """Whether ``output`` has a non-zero gradient with respect to each input (autograd).

    Args:
        output: A tensor computed from ``inputs``.
        inputs: Tensors with ``requires_grad=True``.

    Returns:
        One flag per input.
    """
    grads = torch.autograd.grad(output.sum(), inputs, allow_unused=True, retain_graph=True)
    return [g is not None and bool(g.abs().sum() > 0) for g in grads]


def diagram(kind: str) -> dict:
    """Boxes and arrows of the early- or late-fusion diagram.

    Args:
        kind: ``"early"`` or ``"late"``.

    Returns:
        ``{"nodes": {name: (label, x, y)}, "edges": [(from, to), ...], "fusion": name}``.
    """
    if kind == "early":
        nodes = {
            "a": ("image", 0.25, 4),
            "b": ("audio", 0.75, 4),
            "fuse": ("concat", 0.5, 3),
            "model": ("model", 0.5, 2),
            "out": ("prediction", 0.5, 1),
        }
        edges = [("a", "fuse"), ("b", "fuse"), ("fuse", "model"), ("model", "out")]
    else:
        nodes = {
            "a": ("image", 0.25, 4),
            "b": ("audio", 0.75, 4),
            "ma": ("model A", 0.25, 3),
            "mb": ("model B", 0.75, 3),
            "fuse": ("average", 0.5, 2),
            "out": ("prediction", 0.5, 1),
        }
        edges = [("a", "ma"), ("b", "mb"), ("ma", "fuse"), ("mb", "fuse"), ("fuse", "out")]
    return {"nodes": nodes, "edges": edges, "fusion": "fuse"}


def models_before_fusion(kind: str) -> dict[str, int]:
    """For each input of the diagram, how many model boxes lie on its path to the fusion box.

    Args:
        kind: ``"early"`` or ``"late"``.

    Returns:
        ``{"a": count, "b": count}``.
    """
    graph = diagram(kind)
    nxt = dict(graph["edges"])  # every box has one outgoing arrow
    counts = {}
    for start in ("a", "b"):
        node, seen = start, 0
        while node != graph["fusion"]:
            node = nxt[node]
            seen += node.startswith("m")
        counts[start] = seen
    return counts


def plot_diagram():
    """Early fusion (left) and late fusion (right) as two small flow charts."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch

    fig = Figure(figsize=(5, 3.2), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, kind in zip(axes, ("early", "late"), strict=True):
        graph = diagram(kind)
        nodes = graph["nodes"]
        for src, dst in graph["edges"]:
            (_, x0, y0), (_, x1, y1) = nodes[src], nodes[dst]
            ax.add_patch(
                FancyArrowPatch(
                    (x0, y0 - 0.25),
                    (x1, y1 + 0.25),
                    arrowstyle="->",
                    mutation_scale=12,
                    color="#8b949e",
                    lw=1.5,
                )
            )
        for name, (label, x, y) in nodes.items():
            fused = name == graph["fusion"]
            ax.text(
                x,
                y,
                label,
                ha="center",
                va="center",
                bbox={
                    "boxstyle": "round,pad=0.35",
                    "fc": "#d6282840" if fused else "#1f77b433",
                    "ec": "#d62728" if fused else "#1f77b4",
                },
            )
        ax.set_title(f"{kind} fusion")
        ax.set_xlim(0, 1)
        ax.set_ylim(0.5, 4.5)
        ax.axis("off")
    return fig


FIGURES = {"early-vs-late-fusion": plot_diagram}


def main() -> None:
    """Print the XOR comparison and the multi-scale dependency check."""
    a, b = XOR_TABLE[:, :1], XOR_TABLE[:, 1:]
    early = early_fusion(a, b, xor_model)
    additive = best_additive_fit(XOR_TABLE, XOR_LABELS)
    print("x1 x2 | XOR | early fusion (concat + 2-layer net) | best f(x1) + g(x2)")
    for row, label, e, s in zip(XOR_TABLE.tolist(), XOR_LABELS, early, additive, strict=True):
        print(f" {row[0]:.0f}  {row[1]:.0f} |  {label:.0f}  | {e:>19.4f}                 | {s:.4f}")
    gen = torch.Generator().manual_seed(0)
    fine = torch.randn(1, 8, 8, 8, generator=gen, dtype=DTYPE, requires_grad=True)
    coarse = torch.randn(1, 8, 4, 4, generator=gen, dtype=DTYPE, requires_grad=True)
    head = torch.randn(3, 8, 1, 1, generator=gen, dtype=DTYPE)
    fused = fused_then_predict(fine, coarse, head)
    per_scale = predict_per_scale(fine, coarse, head)
    print(f"fuse, then predict: {fused[0, 0].numel()} positions, each sees (fine, coarse) =")
    print(f"  {depends_on(fused[:, :, 0, 0], [fine, coarse])}")
    sizes = [p[0, 0].numel() for p in per_scale]
    print(f"predict per scale:  {sizes[0]} + {sizes[1]} = {sum(sizes)} positions;")
    print(f"  a fine-grid prediction sees {depends_on(per_scale[0][:, :, 0, 0], [fine, coarse])}")
    print(f"  a coarse-grid prediction sees {depends_on(per_scale[1][:, :, 0, 0], [fine, coarse])}")


if __name__ == "__main__":
    main()
