#!/usr/bin/env python3
"""Convert Spiking Heidelberg Digits files (HDF5) into Spikeline's .spkd spike-dataset format.

usage: python3 shd_to_spkd.py shd_train.h5 [shd_test.h5] --out shd.spkd [--resolution 1e-4]

Reads the SHD layout (Cramer et al. 2022): spikes/times (seconds, per sample), spikes/units
(channel ids 0..699), labels, extra/speaker and extra/keys. The first file's samples become the
train split, the second file's the test split. Needs h5py and numpy (pip install h5py numpy).
The output is written to a temporary file and renamed, so a failed run leaves nothing behind.
"""
import argparse
import os
import struct
import sys


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def payload(times, units):
    per_channel = {}
    for t, u in zip(times, units):
        per_channel.setdefault(int(u), []).append(int(t))
    out = bytearray(varint(len(per_channel)))
    previous = -1
    for channel in sorted(per_channel):
        spikes = sorted(per_channel[channel])
        out += varint(channel - previous - 1) + varint(len(spikes))
        last = 0
        for k, t in enumerate(spikes):
            out += varint(t if k == 0 else t - last)
            last = t
        previous = channel
    return bytes(out)


def string16(text):
    raw = text.encode("utf-8")
    return struct.pack("<H", len(raw)) + raw


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", help="shd_train.h5 [shd_test.h5]")
    parser.add_argument("--out", required=True, help="the .spkd file to write")
    parser.add_argument("--resolution", type=float, default=1e-4, help="seconds per stored time unit")
    parser.add_argument("--channels", type=int, default=700)
    args = parser.parse_args()
    try:
        import h5py
        import numpy as np
    except ImportError:
        sys.exit("error: needs h5py and numpy: pip install h5py numpy")

    classes, speakers, samples = None, [], []
    for split, path in enumerate(args.files[:2]):
        with h5py.File(path, "r") as f:
            for key in ("spikes/times", "spikes/units", "labels"):
                if key not in f:
                    sys.exit(f"error: {path}: missing dataset '{key}' (expected the SHD layout)")
            keys = [k.decode() if isinstance(k, bytes) else str(k) for k in f["extra/keys"][()]] if "extra/keys" in f else None
            if classes is None:
                labels_all = f["labels"][()]
                classes = keys if keys else [str(i) for i in range(int(np.max(labels_all)) + 1)]
            speaker_ids = f["extra/speaker"][()] if "extra/speaker" in f else np.zeros(len(f["labels"]), dtype=int)
            times, units, labels = f["spikes/times"], f["spikes/units"], f["labels"][()]
            for i in range(len(labels)):
                t = np.asarray(times[i], dtype=np.float64)
                u = np.asarray(units[i], dtype=np.int64)
                if len(u) and (u.min() < 0 or u.max() >= args.channels):
                    sys.exit(f"error: {path}: sample {i} has channel {int(u.max())}, not below {args.channels}")
                name = f"speaker {int(speaker_ids[i])}"
                if name not in speakers:
                    speakers.append(name)
                ticks = np.rint(t / args.resolution).astype(np.int64)
                samples.append((int(labels[i]), speakers.index(name), split, float(t.max()) if len(t) else 0.0, ticks, u))

    out = bytearray(b"SPKD" + struct.pack("<HHId", 1, 0, args.channels, args.resolution))
    out += struct.pack("<H", len(classes)) + b"".join(string16(c) for c in classes)
    out += struct.pack("<H", len(speakers)) + b"".join(string16(s) for s in speakers)
    out += struct.pack("<I", len(samples))
    for label, speaker, split, duration, ticks, units in samples:
        body = payload(ticks, units)
        out += struct.pack("<HHBfII", label, speaker, split, duration, len(ticks), len(body)) + body
    temporary = args.out + ".tmp-%d" % os.getpid()
    with open(temporary, "wb") as f:
        f.write(out)
    os.replace(temporary, args.out)
    print(f"wrote {args.out}: {len(samples)} samples, {len(classes)} classes, {len(speakers)} speakers")


if __name__ == "__main__":
    main()
