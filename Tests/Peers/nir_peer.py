"""Exports small snnTorch networks to NIR, runs them in snnTorch and (the exported .nir file) in
Spikeline on the same input spikes, and compares the output spikes.

usage: nir_peer.py SPIKELINE_BINARY WORKDIR [--json]

snnTorch 1.0 exports with dt = 1e-4 s, so Spikeline runs with --tick-duration 0.0001. Neurons use
reset to zero without delay (snnTorch's `reset_mechanism="zero", reset_delay=False`), which is NIR's
reset to v_reset. Spikeline delivers a spike one tick after it is emitted (the chip's barrier), so
layer k's spikes come k ticks after snnTorch's: the comparison shifts them back.
"""
import json
import subprocess
import sys

import nir
import numpy as np
import snntorch as snn
from snntorch import utils as snn_utils
import torch
from snntorch.export_nir import export_to_nir
from torch import nn

STEPS = 80

# snnTorch 1.0's exporter leaves the neurons' input types empty, which the type inference of nir
# 1.0.x rejects ("type mismatch ... -> 1.input: []"); the graph itself is complete, so skip it.
nir.NIRGraph.infer_types = lambda self: None


def leaky(output=False):
    return snn.Leaky(beta=0.9, threshold=1.0, init_hidden=True, output=output, reset_mechanism="zero", reset_delay=False)


def synaptic(output=False):
    return snn.Synaptic(alpha=0.8, beta=0.9, threshold=1.0, init_hidden=True, output=output, reset_mechanism="zero",
                        reset_delay=False)


def networks():
    torch.manual_seed(5)
    a = nn.Sequential(nn.Linear(8, 6, bias=False), leaky(), nn.Linear(6, 4, bias=False), leaky(output=True))
    b = nn.Sequential(nn.Linear(8, 5, bias=False), synaptic(), nn.Linear(5, 3, bias=False), synaptic(output=True))
    c = nn.Sequential(nn.Linear(8, 6), leaky(), nn.Linear(6, 4), leaky(output=True))
    d = nn.Sequential(nn.Linear(8, 6, bias=False),
                      snn.RLeaky(beta=0.9, linear_features=6, init_hidden=True, reset_mechanism="zero", reset_delay=False),
                      nn.Linear(6, 4, bias=False), leaky(output=True))
    e = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), leaky(), nn.Flatten(), nn.Linear(72, 4, bias=False), leaky(output=True))
    for net, scale in ((a, 0.9), (b, 0.5), (c, 0.9), (d, 0.9), (e, 0.6)):
        with torch.no_grad():
            for layer in net.modules():
                if isinstance(layer, (nn.Linear, nn.Conv2d)):
                    layer.weight.mul_(0).add_((torch.rand_like(layer.weight) - 0.2) * scale)
                    if layer.bias is not None:
                        layer.bias.mul_(0).add_(torch.rand_like(layer.bias) * 0.2)
    return [("feed-forward LIF (Leaky), 8-6-4", a), ("feed-forward CubaLIF (Synaptic), 8-5-3", b),
            ("Affine with bias + Leaky, 8-6-4", c), ("recurrent RLeaky (a NIR sub-graph), 8-6-4", d),
            ("Conv2d 3x3 (padding 1, bias) + Leaky, Linear, 1x6x6", e)]


def run_snntorch(net, spikes, shape):
    snn_utils.reset(net)
    hidden_layer = net[1]
    hidden, outputs = [], []
    with torch.no_grad():
        for step in range(spikes.shape[0]):
            out = net(torch.tensor(spikes[step:step + 1], dtype=torch.float32).reshape((1,) + shape))
            spk = out[0] if isinstance(out, tuple) else out
            outputs.append(spk.numpy()[0].astype(bool))
            hidden.append(hidden_layer.spk.numpy()[0].astype(bool) if hasattr(hidden_layer, "spk") else None)
    return np.array(outputs)


def main():
    binary, workdir = sys.argv[1], sys.argv[2]
    as_json = len(sys.argv) > 3 and sys.argv[3] == "--json"
    rng = np.random.default_rng(9)
    rows = []
    for index, (title, net) in enumerate(networks()):
        shape = (1, 6, 6) if isinstance(net[0], nn.Conv2d) else (8,)
        channels = int(np.prod(shape))
        spikes = (rng.random((STEPS, channels)) < 0.3).astype(np.float32)
        graph = export_to_nir(net, torch.zeros((1,) + shape), ignore_dims=[0])
        for node in graph.nodes.values():
            # snnTorch 1.0 leaves Conv2d's input_shape and Flatten's input_type unset and keeps torch
            # tensors, none of which nir.write can store: fill them in from the network's shapes.
            if isinstance(node, nir.Conv2d):
                node.input_shape = np.array(shape[1:]) if node.input_shape is None else node.input_shape
                node.weight = np.asarray(node.weight.detach() if hasattr(node.weight, "detach") else node.weight)
                node.bias = np.asarray(node.bias.detach() if hasattr(node.bias, "detach") else node.bias)
            if isinstance(node, nir.Flatten) and (node.input_type or {}).get("input") is None:
                node.input_type = {"input": np.array([2] + list(shape[1:]))}
        path = f"{workdir}/net{index}.nir"
        # snnTorch stores a scalar beta as 0-d arrays, which h5py refuses to gzip: write uncompressed.
        nir.write(path, graph, compression=None)
        theirs = run_snntorch(net, spikes, shape)
        np.save(f"{workdir}/input{index}.npy", spikes)
        document = json.loads(subprocess.run(
            [binary, "run", path, "--input", f"{workdir}/input{index}.npy", "--ticks", str(STEPS + 2),
             "--tick-duration", "0.0001", "--json", "--spikes"], check=True, capture_output=True, text=True).stdout)
        report, recordings = document["report"], document["recordings"]
        populations = [p["name"] for p in report["populations"]]
        output_population = sorted(set(populations) - {"input"})[-1]
        ours = np.zeros((STEPS + 2, theirs.shape[1]), dtype=bool)
        for spike in recordings["spikes"]:
            if spike["population"] == output_population:
                ours[spike["tick"], spike["neuron"]] = True
        shifted = ours[2:STEPS + 2]  # two synapse nodes: two ticks later
        matching = int((shifted == theirs).all(axis=1).sum())
        rows.append({"network": title, "timesteps": STEPS, "snntorch_output_spikes": int(theirs.sum()),
                     "spikeline_output_spikes": int(shifted.sum()), "identical_timesteps": matching,
                     "identical": bool((shifted == theirs).all()),
                     "chip_energy_J": report["chip"]["total"]["energyJoules"]["total"],
                     "chip_time_s": report["chip"]["total"]["latencySeconds"]})
    export = check_export(binary, workdir)
    if as_json:
        print(json.dumps({"networks": rows, "export": export}, indent=2))
        return
    print(f"{'network':42s} {'snnTorch spikes':>15s} {'Spikeline spikes':>16s} {'identical steps':>16s}  chip energy")
    for r in rows:
        print(f"{r['network']:42s} {r['snntorch_output_spikes']:>15d} {r['spikeline_output_spikes']:>16d} "
              f"{r['identical_timesteps']:>9d} of {r['timesteps']:<4d}  {r['chip_energy_J'] * 1e6:.2f} uJ")
    print(f"spikeline export of {export['model']}: nir.read loads {export['nodes']} nodes ({', '.join(export['types'])}); "
          f"largest difference from Spikeline's own reading: weights {export['max_weight_difference']:.1e}, "
          f"beta {export['max_beta_difference']:.1e}")


def check_export(binary, workdir):
    """Writes a bundled Spikeline model as NIR, reads it with nir.read, and compares its weights and
    decays with what `spikeline import` reads from the same file."""
    root = binary.rsplit("/.build/", 1)[0]
    model = "Scenarios/Data/pretrained/feedforward-64.spkc"
    path = f"{workdir}/export.nir"
    subprocess.run([binary, "export", f"{root}/{model}", "--nir", path], check=True, capture_output=True)
    graph = nir.read(path)
    scenario = json.loads(subprocess.run([binary, "import", path, "--tick-duration", "0.01", "--ticks", "1"],
                                         check=True, capture_output=True, text=True).stdout)
    sizes = {p["name"]: p["size"] for p in scenario["populations"]}
    betas = {p["name"]: p["neuron"]["beta"] for p in scenario["populations"] if "neuron" in p}
    weight_difference = 0.0
    for projection in scenario["projections"]:
        matrix = np.zeros((sizes[projection["target"]], sizes[projection["source"]]))
        for synapse in projection["connector"]["synapses"]:
            matrix[synapse["target"], synapse["source"]] = synapse["weight"]
        weight_difference = max(weight_difference, float(np.abs(np.asarray(graph.nodes[projection["name"]].weight) - matrix).max()))
    beta_difference = 0.0
    for name, beta in betas.items():
        node = graph.nodes[name]
        tau = np.asarray(getattr(node, "tau_mem", getattr(node, "tau", None)))
        beta_difference = max(beta_difference, float(np.abs(1 - 0.01 / tau - beta).max()))
    return {"model": model, "nodes": len(graph.nodes), "types": sorted({type(n).__name__ for n in graph.nodes.values()}),
            "max_weight_difference": weight_difference, "max_beta_difference": beta_difference}


if __name__ == "__main__":
    main()
