"""Computes NeuroBench's metrics (neurobench on PyPI, Yik et al., Nat. Commun. 2025) for a small
spiking network built in snnTorch, and Spikeline's for the same network, weights and inputs; prints
both side by side.

usage: neurobench_peer.py SPIKELINE_BINARY WORKDIR [--json]

The network: 100 inputs -> 30 LIF -> 10 LIF, dense layers with 40 % of the weights zero (absent
synapses in Spikeline), 60 timesteps, inputs silent for the last 10 so activity ends inside the run.
Neurons follow Spikeline's discrete LIF rule (v <- 0.9 v + input; spike at v >= 1; reset to zero),
written as an snnTorch neuron; Spikeline's one-tick synaptic delay is matched by feeding snnTorch the
inputs one step later and delaying the hidden layer's spikes by one step.
"""
import json
import subprocess
import sys

import numpy as np
import snntorch as snn
import torch
from torch import nn

from neurobench.benchmarks import Benchmark
from neurobench.metrics.static import ConnectionSparsity, Footprint
from neurobench.metrics.workload import ActivationSparsity, MembraneUpdates, SynapticOperations
from neurobench.models import SNNTorchModel

BETA, THRESHOLD, STEPS, QUIET = 0.9, 1.0, 60, 10


class SpikelineLIF(snn.Leaky):
    """Spikeline's discrete LIF rule inside snnTorch: integrate, spike at the threshold, reset to 0."""

    def forward(self, input_, mem):
        mem = BETA * mem + input_
        spk = (mem >= THRESHOLD).float()
        return spk, mem * (1 - spk)


class Net(nn.Module):
    def __init__(self, w1, w2):
        super().__init__()
        self.fc1 = nn.Linear(100, 30, bias=False)
        self.fc2 = nn.Linear(30, 10, bias=False)
        self.fc1.weight.data = torch.tensor(w1.T, dtype=torch.float32)
        self.fc2.weight.data = torch.tensor(w2.T, dtype=torch.float32)
        self.lif1 = SpikelineLIF(beta=BETA, threshold=THRESHOLD)
        self.lif2 = SpikelineLIF(beta=BETA, threshold=THRESHOLD)

    def forward(self, data):  # data: (batch, steps, 100)
        batch = data.shape[0]
        mem1, mem2 = torch.zeros(batch, 30), torch.zeros(batch, 10)
        delayed = torch.zeros(batch, 30)
        outputs = []
        for step in range(data.shape[1]):
            spk1, mem1 = self.lif1(self.fc1(data[:, step]), mem1)
            spk2, mem2 = self.lif2(self.fc2(delayed), mem2)
            delayed = spk1
            outputs.append(spk2)
        return torch.stack(outputs)  # (steps, batch, 10)


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    as_json = len(sys.argv) > 3 and sys.argv[3] == "--json"
    rng = np.random.default_rng(11)
    w1 = rng.normal(0.15, 0.2, size=(100, 30)) * (rng.random((100, 30)) < 0.6)
    w2 = rng.normal(0.5, 0.4, size=(30, 10)) * (rng.random((30, 10)) < 0.6)
    spikes = rng.random((100, STEPS)) < 0.05
    spikes[:, STEPS - QUIET:] = False
    spikes[:, 0] = False  # Spikeline's input spike at tick t arrives at t + 1: snnTorch step t + 1

    def synapses(w):
        pre, post = np.nonzero(w)
        return [{"source": int(a), "target": int(b), "weight": float(w[a, b])} for a, b in zip(pre, post)]

    neuron = {"model": "discreteLIF", "beta": BETA, "threshold": THRESHOLD, "reset": "zero"}
    scenario = {
        "description": "NeuroBench peer: 100 inputs -> 30 LIF -> 10 LIF",
        "time": {"model": "chip", "tickDuration": 0.001, "durationTicks": STEPS},
        "populations": [
            {"name": "input", "size": 100, "source": {"spikeTicks": [(np.nonzero(row)[0] - 1).tolist() for row in spikes]}},
            {"name": "hidden", "size": 30, "neuron": neuron},
            {"name": "output", "size": 10, "neuron": neuron},
        ],
        "projections": [
            {"source": "input", "target": "hidden", "connector": {"synapses": synapses(w1)}, "delay": {"ticks": 1}},
            {"source": "hidden", "target": "output", "connector": {"synapses": synapses(w2)}, "delay": {"ticks": 1}},
        ],
        "record": {"spikes": "none"},
    }
    path = f"{workdir}/neurobench-peer.json"
    with open(path, "w") as f:
        json.dump(scenario, f)
    ours = json.loads(subprocess.run([binary, "run", path, "--json"], check=True, capture_output=True, text=True).stdout)
    nb_ours = ours["chip"]["neuroBench"]

    torch.set_num_threads(1)
    data = torch.tensor(spikes.T[None, :, :], dtype=torch.float32)  # (1, steps, 100)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(data, torch.zeros(1)), batch_size=1)
    model = SNNTorchModel(Net(w1, w2), custom_forward=True)
    benchmark = Benchmark(model, loader, [], [], [[Footprint, ConnectionSparsity],
                                                 [ActivationSparsity, SynapticOperations, MembraneUpdates]])
    theirs = benchmark.run(quiet=True)
    spikes_ours = {p["name"]: p["spikes"] for p in ours["populations"]}
    rows = [
        ("activation sparsity", nb_ours["activationSparsity"], theirs["ActivationSparsity"]),
        ("connection sparsity", nb_ours["connectionSparsity"], theirs["ConnectionSparsity"]),
        ("effective ACs", nb_ours["effectiveACs"], theirs["SynapticOperations"]["Effective_ACs"]),
        ("effective MACs", nb_ours["effectiveMACs"], theirs["SynapticOperations"]["Effective_MACs"]),
        ("dense synaptic ops", nb_ours["denseSynOps"], theirs["SynapticOperations"]["Dense"]),
        ("footprint (bytes)", nb_ours["footprintBytes"], theirs["Footprint"]),
        ("membrane updates", nb_ours["membraneUpdates"], theirs["MembraneUpdates"]),
    ]
    summary = {"spikeline": nb_ours, "neurobench": theirs,
               "spikes": {"hidden": spikes_ours["hidden"], "output": spikes_ours["output"]}}
    if as_json:
        print(json.dumps(summary, indent=2, default=float))
        return
    print(f"{'metric':22s} {'Spikeline':>12s} {'NeuroBench':>12s}")
    for name, a, b in rows:
        print(f"{name:22s} {a:>12.6g} {float(b):>12.6g}")
    print(f"spikes in Spikeline: hidden {spikes_ours['hidden']}, output {spikes_ours['output']}")
    print("footprint: NeuroBench adds the snnTorch neurons' buffers (beta, threshold, ...) to the float32 weights;"
          " membrane updates: NeuroBench's hook reads snnTorch neurons that keep their membrane as hidden state"
          " (init_hidden=True), and this neuron passes it explicitly, so it sees none; Spikeline counts every"
          " neuron at every timestep (40 x 60).")


if __name__ == "__main__":
    main()
