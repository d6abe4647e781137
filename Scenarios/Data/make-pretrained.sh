#!/usr/bin/env bash
# Re-creates the bundled pre-trained backbones used by `spikeline replay4ncl`:
#   backbone-without-C.spkc  trained on the 19 classes other than C (C = 2, 6, 10, 14, 18),
#   backbone-english.spkc    trained on the 10 English digits (the progressive 10 + 1 + 1 ... protocol).
# Each: the Replay4NCL/SpikingLR backbone with `spikeline train`'s defaults (30 epochs at T = 100,
# augmentation, firing-rate penalty toward 5%), the last 4 training speakers left out (the
# validation speakers of `spikeline replay4ncl search`), seed 1. About 1.5 minutes each on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product spikeline
spikeline=.build/release/spikeline
out=Scenarios/Data/pretrained
mkdir -p "$out"
for held in 2 6 10 14 18; do
  classes=$(python3 -c "print(','.join(str(c) for c in range(20) if c != $held))" 2>/dev/null \
    || echo "$(seq -s, 0 19 | sed "s/\b$held,//; s/,$held\$//")")
  echo "pre-training without class $held ..."
  $spikeline train --classes "$classes" --validation-speakers 4 --seed 1 --model-only --checkpoint "$out/backbone-without-$held.spkc"
done
echo "pre-training on the English digits ..."
$spikeline train --classes 0...9 --validation-speakers 4 --seed 1 --model-only --checkpoint "$out/backbone-english.spkc"
