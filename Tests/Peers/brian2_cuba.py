"""The CUBA benchmark (Brette et al. 2007, benchmark 2) in Brian2, as in brian2/examples/CUBA.py.

usage: python brian2_cuba.py {numpy|cython|cpp_standalone} [--duration 1.0] [--seed 12345] [--threads 1]

Prints one JSON object: target, spikes, synaptic events, synapses, and run_s, the seconds spent in
Network.run (for cpp_standalone, Brian's own measurement of the compiled run). The model lines
follow Brian2's documented example; `method='exact'` is the current name of its linear integrator.
--threads sets the C++ standalone build's OpenMP threads (prefs.devices.cpp_standalone.openmp_threads).
"""
import argparse
import json
import os
import tempfile
import time

import numpy as np
from brian2 import (NeuronGroup, Network, Synapses, SpikeMonitor, collect, defaultclock, device, mV, ms,
                    prefs, second, seed, set_device)

parser = argparse.ArgumentParser()
parser.add_argument("target", choices=["numpy", "cython", "cpp_standalone"])
parser.add_argument("--duration", type=float, default=1.0)
parser.add_argument("--seed", type=int, default=12345)
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()

outdir = tempfile.mkdtemp(prefix="brian2_cuba_")
if args.target == "cpp_standalone":
    set_device("cpp_standalone", build_on_run=False, directory=outdir)
    if args.threads > 1:
        prefs.devices.cpp_standalone.openmp_threads = args.threads
else:
    prefs.codegen.target = args.target
defaultclock.dt = 0.1 * ms
seed(args.seed)

taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
Vt, Vr, El = -50 * mV, -60 * mV, -49 * mV
eqs = """dv/dt = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt"""
t0 = time.perf_counter()
P = NeuronGroup(4000, eqs, threshold="v>Vt", reset="v = Vr", refractory=5 * ms, method="exact")
P.v = "Vr + rand() * (Vt - Vr)"
P.ge = 0 * mV
P.gi = 0 * mV
we = (60 * 0.27 / 10) * mV
wi = (-20 * 4.5 / 10) * mV
Ce = Synapses(P, P, on_pre="ge += we")
Ci = Synapses(P, P, on_pre="gi += wi")
Ce.connect("i<3200", p=0.02)
Ci.connect("i>=3200", p=0.02)
monitor = SpikeMonitor(P)
net = Network(collect())
result = {"target": args.target, "threads": args.threads, "construct_s": time.perf_counter() - t0, "duration_s": args.duration}

if args.target == "cpp_standalone":
    net.run(args.duration * second)
    t0 = time.perf_counter()
    device.build(directory=outdir, compile=True, run=False, clean=True)
    result["compile_s"] = time.perf_counter() - t0
    runs = []
    for _ in range(3):
        device.run(directory=outdir, with_output=False)
        runs.append(float(device._last_run_time))
    result["run_s_all"] = runs
    result["run_s"] = sorted(runs)[1]
else:
    net.store()
    t0 = time.perf_counter()
    net.run(args.duration * second)
    result["first_run_s"] = time.perf_counter() - t0  # includes code generation / compilation
    runs = []
    for _ in range(3):
        net.restore()
        t0 = time.perf_counter()
        net.run(args.duration * second)
        runs.append(time.perf_counter() - t0)
    result["run_s_all"] = runs
    result["run_s"] = sorted(runs)[1]

sources = np.concatenate([np.asarray(Ce.i[:]), np.asarray(Ci.i[:])])
out_degree = np.bincount(sources, minlength=4000)
spiking = np.asarray(monitor.i[:])
result["spikes"] = int(len(spiking))
result["synaptic_events"] = int(out_degree[spiking].sum())
result["synapses"] = int(len(sources))
result["mean_rate_hz"] = result["spikes"] / 4000 / args.duration
print(json.dumps(result))
