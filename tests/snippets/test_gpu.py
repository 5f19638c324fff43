"""Tests for snippets/gpu.py: the claims the gpu page makes, checked on a CPU-only machine."""

import torch

from snippets.gpu import (
    BYTES_PER_PARAMETER,
    autocast_matmul_dtype,
    main,
    pick_device,
    run_on,
    training_bytes_per_parameter,
    weights_gigabytes,
)


def test_pick_device_prefers_cuda_then_mps(monkeypatch) -> None:
    """pick_device returns cuda:0 when CUDA is available, else mps if available, else cpu."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert pick_device() == torch.device("cpu")
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert pick_device() == torch.device("mps")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick_device() == torch.device("cuda", 0)


def test_output_lives_on_the_chosen_device() -> None:
    """After .to(device) the forward pass runs there: the output is on that device."""
    out = run_on(torch.device("cpu"))
    assert out.device.type == "cpu" and out.shape == (4, 2)


def test_autocast_dtypes() -> None:
    """Under torch.autocast a matmul gives bfloat16 on the CPU; CUDA's default is float16."""
    assert autocast_matmul_dtype("cpu") == torch.bfloat16
    assert autocast_matmul_dtype("cuda") == torch.get_autocast_dtype("cuda") == torch.float16


def test_adam_training_needs_16_bytes_per_parameter() -> None:
    """fp32 weights + gradients (counted after a real backward) + Adam's two moments = 16 bytes."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2))
    assert training_bytes_per_parameter(model) == 16.0
    assert all(p.grad is not None and p.grad.dtype == torch.float32 for p in model.parameters())


def test_weight_memory() -> None:
    """Weights alone: 7e9 parameters take 28 GB in float32, 14 GB in float16, 7 GB in int8."""
    for dtype, size in (("float32", 28), ("float16", 14), ("int8", 7)):
        assert abs(weights_gigabytes(7e9, dtype) - size) < 1e-9
    for dtype, size in BYTES_PER_PARAMETER.items():
        assert torch.empty(0, dtype=getattr(torch, dtype)).element_size() == size


def test_main_runs(capsys) -> None:
    """main() prints the device found and the estimates, without timing anything."""
    main()
    out = capsys.readouterr().out
    assert "chosen device" in out and "7e9 parameters: 112 GB" in out
