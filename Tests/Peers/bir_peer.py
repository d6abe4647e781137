"""Adapter: runs GMvandeVen's original brain-inspired-replay code (main_cl.py) on Spikeline's bundled
MNIST-5k IDX files and prints seconds per training iteration as JSON.

usage: bir_peer.py <brain-inspired-replay source> <mnist-5k dir> --method GR|BI-R|None
                   --iterations N --threads T --seed S

The source folder is used as is (nothing downloaded); the IDX files are copied into the layout
torchvision's MNIST reader expects (<work>/mnist/MNIST/raw/), and the original code is run through its
own argument parser and `run()` for split MNIST, Class-IL, batch 128, Adam 1e-3, 2 × 400 units, z = 100.
Per-iteration time comes from two runs, `--iterations` and twice that, so that data loading, model
construction and evaluation cancel: (t(2N) − t(N)) / (N × tasks).
"""
import argparse, json, os, shutil, sys, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument("source")
parser.add_argument("mnist")
parser.add_argument("--method", default="GR")
parser.add_argument("--iterations", type=int, default=100)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--seed", type=int, default=1)
options = parser.parse_args()

import torch
torch.set_num_threads(options.threads)

source = os.path.abspath(options.source)
work = tempfile.mkdtemp(prefix="bir_peer_")
raw = os.path.join(work, "data", "mnist", "MNIST", "raw")
os.makedirs(raw)
for name in ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]:
    shutil.copy(os.path.join(options.mnist, name), os.path.join(raw, name))
os.chdir(work)
sys.path.insert(0, source)
# visdom (live plots) is imported at module level but never used without --visdom: a stand-in module.
import types  # noqa: E402
sys.modules.setdefault("visdom", types.SimpleNamespace(Visdom=object))
import main_cl  # noqa: E402  (the original code)

method_flags = {
    "None": [],
    "GR": ["--replay=generative"],
    "GR+distill": ["--replay=generative", "--distill"],
    "BI-R": ["--replay=generative", "--brain-inspired"],
}[options.method]


def run(iterations):
    sys.argv = ["main_cl.py", "--experiment=splitMNIST", "--scenario=class", "--tasks=5", "--iters=%d" % iterations,
                "--batch=128", "--lr=0.001", "--fc-units=400", "--fc-lay=3", "--z-dim=100", "--no-gpus", "--no-save",
                "--data-dir=" + os.path.join(work, "data"), "--results-dir=" + os.path.join(work, "results"),
                "--seed=%d" % options.seed] + method_flags
    args = main_cl.handle_inputs()
    start = time.perf_counter()
    main_cl.run(args, verbose=False)
    return time.perf_counter() - start


short = run(options.iterations)
long = run(2 * options.iterations)
print(json.dumps({"peer": "brain-inspired-replay (PyTorch %s)" % torch.__version__, "method": options.method,
                  "threads": options.threads, "iterations": options.iterations,
                  "seconds_short": short, "seconds_long": long,
                  "seconds_per_iteration": (long - short) / (options.iterations * 5)}))
shutil.rmtree(work, ignore_errors=True)
