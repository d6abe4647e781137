"""Adapter: times the training loop of Dequino et al.'s SpikingLR code (Spiking-Compressed-Continual-
Learning, class_incremental_LR/class_incremental_latent.py) on Spikeline's exported binned data.

usage: spikinglr_peer.py <Spiking-Compressed-Continual-Learning source> DATA_DIR [--batches 10]
                         [--threads 1] [--depth 0]

The source is used as is: its `SurrGradSpike` autograd function and its `run_snn` network (700 →
200r → 100r → 50r → 20 readout, T = 100, batch 64) are taken from the script with `ast` and executed
unchanged, with the script's own globals (sizes, α = e^(−1 ms/5 ms), β = e^(−1 ms/10 ms), weight
initialisation); the step is `train_latent`'s: max-over-time readout, log-softmax, NLL, Adamax over
the layers above `--depth` (0: every layer but the input weights, the code's default). DATA_DIR holds
train_x.npy (uint8 [N, T, 700]) and train_y.npy from `spikeline dataset export --steps 100`.
Prints one JSON object: samples per second over the timed batches (the first batch is a warm-up).
"""
import argparse, ast, json, os, time

import numpy as np
import torch
import torch.nn as nn

parser = argparse.ArgumentParser()
parser.add_argument("source")
parser.add_argument("data")
parser.add_argument("--batches", type=int, default=10)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--depth", type=int, default=0)
options = parser.parse_args()
torch.set_num_threads(options.threads)
torch.manual_seed(1)

path = os.path.join(options.source, "class_incremental_LR", "class_incremental_latent.py")
tree = ast.parse(open(path).read(), filename=path)
wanted = [node for node in tree.body
          if (isinstance(node, ast.ClassDef) and node.name == "SurrGradSpike")
          or (isinstance(node, ast.FunctionDef) and node.name == "run_snn")]
if len(wanted) != 2:
    raise SystemExit(f"error: {path}: expected class SurrGradSpike and def run_snn")

# The script's globals, with its defaults (argparse defaults of the original).
batch_size, nb_steps, time_step = 64, 100, 1e-3
nb_inputs, nb_hidden_1, nb_outputs = 700, 200, 20
nb_hidden_2 = nb_hidden_1 // 2
nb_hidden_3 = nb_hidden_2 // 2
tau_mem, tau_syn, weight_scale = 10e-3, 5e-3, 0.2
device, dtype = torch.device("cpu"), torch.float
space = dict(torch=torch, np=np, nn=nn, batch_size=batch_size, nb_steps=nb_steps, nb_inputs=nb_inputs,
             nb_hidden_1=nb_hidden_1, nb_hidden_2=nb_hidden_2, nb_hidden_3=nb_hidden_3, nb_outputs=nb_outputs,
             alpha=float(np.exp(-time_step / tau_syn)), beta=float(np.exp(-time_step / tau_mem)), device=device, dtype=dtype)


def weight(rows, columns):
    w = torch.empty((rows, columns), device=device, dtype=dtype, requires_grad=True)
    torch.nn.init.normal_(w, mean=0.0, std=weight_scale / np.sqrt(rows))
    return w


space.update(w1=weight(nb_inputs, nb_hidden_1), w2=weight(nb_hidden_1, nb_hidden_2), w3=weight(nb_hidden_2, nb_hidden_3),
             v1=weight(nb_hidden_1, nb_hidden_1), v2=weight(nb_hidden_2, nb_hidden_2), v3=weight(nb_hidden_3, nb_hidden_3),
             w_out=weight(nb_hidden_3, nb_outputs))
exec(compile(ast.Module(body=wanted, type_ignores=[]), path, "exec"), space)
space["spike_fn"] = space["SurrGradSpike"].apply
run_snn = space["run_snn"]

params = {0: ["w2", "w3", "w_out", "v1", "v2", "v3"], 1: ["w2", "w3", "w_out", "v2", "v3"], 2: ["w3", "w_out", "v3"],
          3: ["w_out"]}[options.depth]
optimizer = torch.optim.Adamax([space[p] for p in params], lr=2e-4, betas=(0.9, 0.999))
log_softmax_fn, loss_fn = nn.LogSoftmax(dim=1), nn.NLLLoss()

x = np.load(os.path.join(options.data, "train_x.npy"))
y = np.load(os.path.join(options.data, "train_y.npy"))
needed = batch_size * (options.batches + 1)
if len(x) < needed:
    reps = (needed + len(x) - 1) // len(x)
    x, y = np.concatenate([x] * reps), np.concatenate([y] * reps)
inputs = torch.from_numpy(x[:needed, :nb_steps, :nb_inputs].astype(np.float32))
labels = torch.from_numpy(y[:needed].astype(np.int64))
rate = float(inputs.mean())

times, losses = [], []
for b in range(options.batches + 1):
    start = time.perf_counter()
    xb, yb = inputs[b * batch_size:(b + 1) * batch_size], labels[b * batch_size:(b + 1) * batch_size]
    output, recs = run_snn(xb, options.depth, l=False)
    m, _ = torch.max(output, 1)
    loss = loss_fn(log_softmax_fn(m), yb)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    torch.set_grad_enabled(True)
    if b > 0:
        times.append(time.perf_counter() - start)
        losses.append(loss.item())
print(json.dumps({"peer": "SpikingLR (Dequino et al.), PyTorch %s" % torch.__version__, "threads": options.threads,
                  "batch": batch_size, "steps": nb_steps, "depth": options.depth, "inputFiringRate": rate,
                  "samplesPerSecond": batch_size * len(times) / sum(times), "losses": losses}))
