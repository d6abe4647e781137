"""Writes the small NIR files bundled in Tests/Fixtures/nir (read by `swift test` without Python).

usage: Tests/Peers/compare_nir.sh --fixtures Tests/Fixtures/nir   (installs `nir` and `numpy` into a
throwaway environment and runs this script)

Parameters follow snnTorch's NIR export (dt = 1 ms): a Leaky with beta becomes LIF with
tau = dt / (1 - beta), r = tau / dt, v_leak = 0; a Synaptic with alpha, beta becomes CubaLIF with
tau_syn = dt / (1 - alpha), tau_mem = dt / (1 - beta), w_in = tau_syn / dt.
"""
import sys

import nir
import numpy as np

dt = 1e-3


def lif(n, beta=0.9, threshold=1.0):
    tau = dt / (1 - beta)
    return nir.LIF(tau=np.full(n, tau, dtype=np.float32), r=np.full(n, tau / dt, dtype=np.float32),
                   v_leak=np.zeros(n, dtype=np.float32), v_threshold=np.full(n, threshold, dtype=np.float32),
                   v_reset=np.zeros(n, dtype=np.float32))


def cuba(n, alpha=0.8, beta=0.9, threshold=1.0):
    tau_syn, tau_mem = dt / (1 - alpha), dt / (1 - beta)
    return nir.CubaLIF(tau_mem=np.full(n, tau_mem, dtype=np.float32), tau_syn=np.full(n, tau_syn, dtype=np.float32),
                       r=np.full(n, tau_mem / dt, dtype=np.float32), v_leak=np.zeros(n, dtype=np.float32),
                       v_threshold=np.full(n, threshold, dtype=np.float32), v_reset=np.zeros(n, dtype=np.float32),
                       w_in=np.full(n, tau_syn / dt, dtype=np.float32))


def main(out):
    rng = np.random.default_rng(3)
    w1 = rng.normal(0.4, 0.3, size=(3, 4)).astype(np.float32)
    w2 = rng.normal(0.6, 0.3, size=(2, 3)).astype(np.float32)
    feedforward = nir.NIRGraph(
        nodes={"input": nir.Input(input_type=np.array([4])),
               "fc1": nir.Affine(weight=w1, bias=np.zeros(3, dtype=np.float32)), "lif1": lif(3),
               "fc2": nir.Linear(weight=w2), "lif2": lif(2),
               "output": nir.Output(output_type=np.array([2]))},
        edges=[("input", "fc1"), ("fc1", "lif1"), ("lif1", "fc2"), ("fc2", "lif2"), ("lif2", "output")])
    nir.write(f"{out}/feedforward.nir", feedforward)
    nir.write(f"{out}/feedforward-uncompressed.nir", feedforward, compression=None)
    w_in = rng.normal(0.5, 0.2, size=(4, 3)).astype(np.float32)
    w_rec = rng.normal(0.0, 0.2, size=(4, 4)).astype(np.float32)
    recurrent = nir.NIRGraph(
        nodes={"input": nir.Input(input_type=np.array([3])), "fc": nir.Linear(weight=w_in), "cuba": cuba(4),
               "rec": nir.Linear(weight=w_rec), "output": nir.Output(output_type=np.array([4]))},
        edges=[("input", "fc"), ("fc", "cuba"), ("cuba", "rec"), ("rec", "cuba"), ("cuba", "output")])
    nir.write(f"{out}/recurrent-cuba.nir", recurrent)
    np.save(f"{out}/feedforward-weights.npy", np.concatenate([w1.ravel(), w2.ravel()]))
    # An Affine with bias into a nested graph holding a recurrent LIF layer (as snnTorch's RLeaky exports).
    w = rng.normal(0.3, 0.3, size=(4, 3)).astype(np.float32)
    b = rng.uniform(0.0, 0.1, size=4).astype(np.float32)
    v = rng.normal(0.0, 0.3, size=(4, 4)).astype(np.float32)
    rnn = nir.NIRGraph(
        nodes={"input": nir.Input(input_type=np.array([4])), "lif": lif(4), "rec": nir.Linear(weight=v),
               "output": nir.Output(output_type=np.array([4]))},
        edges=[("input", "lif"), ("lif", "rec"), ("rec", "lif"), ("lif", "output")])
    nested = nir.NIRGraph(
        nodes={"input": nir.Input(input_type=np.array([3])), "fc": nir.Affine(weight=w, bias=b), "rnn": rnn,
               "output": nir.Output(output_type=np.array([4]))},
        edges=[("input", "fc"), ("fc", "rnn"), ("rnn", "output")])
    nir.write(f"{out}/nested-bias.nir", nested, compression=None)
    # A convolutional network: Conv2d (padding 1, bias) -> LIF -> SumPool2d -> Flatten -> Linear -> LIF.
    kernel = rng.normal(0.3, 0.3, size=(2, 1, 3, 3)).astype(np.float32)
    conv_bias = np.array([0.05, 0.0], dtype=np.float32)
    dense = rng.normal(0.3, 0.3, size=(3, 18)).astype(np.float32)
    tau = dt / (1 - 0.9)
    conv_lif = nir.LIF(tau=np.full((2, 6, 6), tau, dtype=np.float32), r=np.full((2, 6, 6), tau / dt, dtype=np.float32),
                       v_leak=np.zeros((2, 6, 6), dtype=np.float32), v_threshold=np.ones((2, 6, 6), dtype=np.float32),
                       v_reset=np.zeros((2, 6, 6), dtype=np.float32))
    convolutional = nir.NIRGraph(
        nodes={"input": nir.Input(input_type=np.array([1, 6, 6])),
               "conv": nir.Conv2d(input_shape=(6, 6), weight=kernel, stride=np.array([1, 1]), padding=np.array([1, 1]),
                                  dilation=np.array([1, 1]), groups=1, bias=conv_bias),
               "lif1": conv_lif,
               "pool": nir.SumPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]), padding=np.array([0, 0])),
               "flat": nir.Flatten(start_dim=0, end_dim=-1, input_type={"input": np.array([2, 3, 3])}),
               "fc": nir.Linear(weight=dense), "lif2": lif(3), "output": nir.Output(output_type=np.array([3]))},
        edges=[("input", "conv"), ("conv", "lif1"), ("lif1", "pool"), ("pool", "flat"), ("flat", "fc"), ("fc", "lif2"),
               ("lif2", "output")])
    nir.write(f"{out}/convolutional.nir", convolutional, compression=None)


if __name__ == "__main__":
    main(sys.argv[1])
