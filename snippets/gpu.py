"""GPU: device selection, mixed precision and memory arithmetic that run on any machine.

Run ``python -m snippets.gpu`` from the repository root. On a CPU-only machine it prints what
it found and what the same code would do on a GPU; nothing here measures time.
"""

from __future__ import annotations

import torch

BYTES_PER_PARAMETER = {"float32": 4, "float16": 2, "bfloat16": 2, "int8": 1}


# --8<-- [start:device]
def pick_device() -> torch.device:
    """The usual choice: the first CUDA GPU if PyTorch sees one, then Apple's MPS, else the CPU.

    Returns:
        ``cuda:0``, ``mps`` or ``cpu``.
    """
    if torch.cuda.is_available():
        return torch.device("cuda", 0)
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def run_on(device: torch.device) -> torch.Tensor:
    """Move a small model and a batch to ``device`` and run a forward pass there.

    Args:
        device: Where to run.

    Returns:
        The output, which lives on ``device`` too.
    """
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    model = model.to(device)  # moves every parameter and buffer
    batch = torch.randn(4, 8).to(device)  # inputs must be on the same device
    return model(batch)


# --8<-- [end:device]


# --8<-- [start:autocast]
def autocast_matmul_dtype(device_type: str) -> torch.dtype:
    """The dtype a matrix product gets under ``torch.autocast`` for a device type.

    Args:
        device_type: ``"cpu"`` or ``"cuda"``.

    Returns:
        The output dtype on a CPU (run here), or autocast's default dtype for that device
        type when no such device is present (``float16`` for CUDA).
    """
    if device_type != "cpu" and not torch.cuda.is_available():
        return torch.get_autocast_dtype(device_type)
    a = torch.randn(4, 4, device=device_type)
    with torch.autocast(device_type=device_type):
        return (a @ a).dtype


# --8<-- [end:autocast]


# --8<-- [start:memory]
def training_bytes_per_parameter(model: torch.nn.Module) -> float:
    """Bytes per parameter for plain fp32 training with Adam: weights, gradients, two moments.

    Counted from the tensors: the weights as stored, the gradients after one backward pass,
    and Adam's ``exp_avg`` and ``exp_avg_sq``, one tensor each of the weights' shape and dtype.
    Activations come on top and depend on the batch size.

    Args:
        model: A model whose parameters are float32.

    Returns:
        Total bytes divided by the number of parameters (16.0 for float32).
    """
    params = list(model.parameters())
    model(torch.randn(2, params[0].shape[1])).sum().backward()
    weights = sum(p.numel() * p.element_size() for p in params)
    grads = sum(p.grad.numel() * p.grad.element_size() for p in params)
    adam_moments = 2 * weights  # exp_avg and exp_avg_sq mirror every weight
    return (weights + grads + adam_moments) / sum(p.numel() for p in params)


def weights_gigabytes(parameters: float, dtype: str) -> float:
    """Memory for the weights alone, in GB (10⁹ bytes).

    Args:
        parameters: Number of parameters.
        dtype: A key of ``BYTES_PER_PARAMETER``.

    Returns:
        ``parameters * bytes_per_parameter / 1e9``.
    """
    return parameters * BYTES_PER_PARAMETER[dtype] / 1e9


# --8<-- [end:memory]


def main() -> None:
    """Print what was found, where the model ran, autocast dtypes and memory estimates."""
    device = pick_device()
    print(
        f"torch.cuda.is_available() = {torch.cuda.is_available()},"
        f" torch.cuda.device_count() = {torch.cuda.device_count()}"
    )
    print(f"chosen device: {device}")
    if device.type == "cpu":
        print("  (with an NVIDIA GPU and a CUDA build of PyTorch the same code picks cuda:0)")
    out = run_on(device)
    print(f"forward pass ran on {out.device}, output shape {tuple(out.shape)}")
    print(
        f"autocast matmul dtype: cpu -> {autocast_matmul_dtype('cpu')},"
        f" cuda -> {autocast_matmul_dtype('cuda')}"
    )
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    print(
        f"fp32 training with Adam: {training_bytes_per_parameter(model):.0f} bytes per parameter"
        " (+ activations)"
    )
    per_param = training_bytes_per_parameter(model)
    print(
        f"fp32 Adam training of 7e9 parameters: {per_param * 7e9 / 1e9:.0f} GB before activations"
    )
    for dtype in ("float32", "float16", "int8"):
        gigabytes = weights_gigabytes(7e9, dtype)
        print(f"weights of a 7e9-parameter model in {dtype:<8}: {gigabytes:.0f} GB")


if __name__ == "__main__":
    main()
