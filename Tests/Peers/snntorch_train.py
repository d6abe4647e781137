"""The Replay4NCL/SpikingLR backbone trained with snnTorch on the same binned data, for throughput.

usage: python snntorch_train.py DATA_DIR [--epochs 3] [--batch 64] [--threads 2] [--samples 1280]
                                          [--init CHECKPOINT.json] [--losses-out FILE]

DATA_DIR holds train_x.npy (uint8 [N, T, 700]) and train_y.npy from `spikeline dataset export`.
Network: 700 -> RSynaptic(200) -> RSynaptic(100) -> RSynaptic(50) -> Synaptic readout(20, no reset),
alpha 0.8187, beta 0.9048, threshold 1, reset to zero, fast-sigmoid surrogate (slope 10),
max-over-time membrane readout, cross-entropy, Adam, no shuffling. Prints one JSON object with
samples/s per epoch and the mean loss per epoch.

The network computes the same function as Spikeline's: each layer receives the previous step's
spikes of the layer below (one tick per layer, as on a chip), and the membrane is reset to zero in
the step of the spike, with the reset detached from the graph. snnTorch 1.0.0's own
reset_delay=False path in RSynaptic reads the stale input tensors and never stores the reset
membrane, so the neurons run with reset_mechanism="none" and this loop applies the reset.
"""
import argparse
import json
import time

import numpy as np
import torch
import snntorch as snn
from snntorch import surrogate

parser = argparse.ArgumentParser()
parser.add_argument("data")
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--batch", type=int, default=64)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--samples", type=int, default=1280)
parser.add_argument("--lr", type=float, default=2e-3)
parser.add_argument("--init", help="JSON with initial weights written by spikeline (optional)")
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)

x = np.load(f"{args.data}/train_x.npy")[: args.samples]
y = np.load(f"{args.data}/train_y.npy")[: args.samples]
inputs = torch.from_numpy(x.astype(np.float32))
labels = torch.from_numpy(y.astype(np.int64))
steps = inputs.shape[1]

alpha, beta = 0.8187, 0.9048
spike_grad = surrogate.fast_sigmoid(slope=10)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        sizes = [700, 200, 100, 50]
        self.fc = torch.nn.ModuleList([torch.nn.Linear(sizes[i], sizes[i + 1], bias=False) for i in range(3)])
        self.lif = torch.nn.ModuleList([
            snn.RSynaptic(alpha=alpha, beta=beta, linear_features=sizes[i + 1], spike_grad=spike_grad,
                          reset_mechanism="none", threshold=1.0) for i in range(3)])
        for lif in self.lif:
            lif.recurrent.bias = None if lif.recurrent.bias is None else torch.nn.Parameter(torch.zeros_like(lif.recurrent.bias), requires_grad=False)
        self.readout_fc = torch.nn.Linear(50, 20, bias=False)
        self.readout = snn.Synaptic(alpha=alpha, beta=beta, reset_mechanism="none", threshold=1e9)

    def forward(self, data):
        batch = data.shape[0]
        states = [lif.init_rsynaptic() for lif in self.lif]
        syn_out, mem_out = self.readout.init_synaptic()
        previous = [torch.zeros(batch, n) for n in (700, 200, 100, 50)]  # spikes of step t - 1
        memories = []
        for t in range(steps):
            spikes = [data[:, t]]
            for i in range(3):
                spk, syn, mem = self.lif[i](self.fc[i](previous[i]), *states[i])
                states[i] = (spk, syn, mem * (1 - spk.detach()))  # reset to zero in the step of the spike
                spikes.append(spk)
            syn_out, mem_out = self.readout(self.readout_fc(previous[3]), syn_out, mem_out)[1:]
            memories.append(mem_out)
            previous = spikes
        return torch.stack(memories, dim=1).max(dim=1).values


net = Net()
if args.init:
    weights = json.load(open(args.init))
    with torch.no_grad():
        for i in range(3):
            net.fc[i].weight.copy_(torch.tensor(weights["feedforward"][i]).reshape(weights["shapes"][i]).T)
            net.lif[i].recurrent.weight.copy_(torch.tensor(weights["recurrent"][i]).reshape(weights["shapes"][i][1], -1).T)
        net.readout_fc.weight.copy_(torch.tensor(weights["feedforward"][3]).reshape(weights["shapes"][3]).T)
optimizer = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=args.lr)
loss_fn = torch.nn.CrossEntropyLoss()
report = {"framework": f"snntorch {snn.__version__}, torch {torch.__version__}", "threads": args.threads,
          "samples": len(labels), "steps": steps, "batch": args.batch, "samplesPerSecond": [], "loss": []}
for epoch in range(args.epochs):
    start = time.perf_counter()
    total = 0.0
    for b in range(0, len(labels), args.batch):
        out = net(inputs[b : b + args.batch])
        loss = loss_fn(out, labels[b : b + args.batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() * len(out)
    seconds = time.perf_counter() - start
    report["samplesPerSecond"].append(len(labels) / seconds)
    report["loss"].append(total / len(labels))
print(json.dumps(report))
