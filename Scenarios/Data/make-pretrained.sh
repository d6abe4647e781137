#!/usr/bin/env bash
# Re-creates the bundled pre-trained backbones used by `spikeline replay4ncl`:
#   backbone-without-C.spkc      pre-trained at T = 100 on the 19 classes other than C (SpikingLR, Naive, Joint),
#   backbone-t40-without-C.spkc  the same at T = 40 (Replay4NCL runs at T = 40 throughout),
#   for C = 2, 6, 10, 14, 18; and backbone-english.spkc / backbone-t40-english.spkc on the 10 English
#   digits for the progressive 10 + 1 + 1 ... protocol; and feedforward-64.spkc, the small classifier
#   of Scenarios/spoken-digit-classifier.json; and classifier-20.spkc, `spikeline train --seed 1` on all 20
#   classes (87.00 % on the test speakers), the model `spikeline classify` examples use.
# Each backbone: the Replay4NCL/SpikingLR backbone with `spikeline train`'s defaults (30 epochs,
# augmentation, firing-rate penalty toward 5%), the last 4 training speakers left out (the
# validation speakers of `spikeline replay4ncl search`), seed 1. About 1.5 minutes per T = 100
# backbone and 1 minute per T = 40 backbone on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product spikeline
spikeline=.build/release/spikeline
out=Scenarios/Data/pretrained
mkdir -p "$out"
for held in 2 6 10 14 18; do
  classes=$(seq 0 19 | grep -vx "$held" | paste -sd, -)
  echo "pre-training without class $held at T = 100 and T = 40 ..."
  $spikeline train --classes "$classes" --validation-speakers 4 --seed 1 --model-only --checkpoint "$out/backbone-without-$held.spkc"
  $spikeline train --steps 40 --augment-steps 2 --classes "$classes" --validation-speakers 4 --seed 1 --model-only \
    --checkpoint "$out/backbone-t40-without-$held.spkc"
done
echo "pre-training on the English digits at T = 100 and T = 40 ..."
$spikeline train --classes 0...9 --validation-speakers 4 --seed 1 --model-only --checkpoint "$out/backbone-english.spkc"
$spikeline train --steps 40 --augment-steps 2 --classes 0...9 --validation-speakers 4 --seed 1 --model-only --checkpoint "$out/backbone-t40-english.spkc"
echo "training the small feed-forward classifier of Scenarios/spoken-digit-classifier.json ..."
$spikeline train --hidden 64 --feedforward --epochs 15 --seed 1 --model-only --checkpoint "$out/feedforward-64.spkc"
echo "training the 20-class classifier that spikeline classify and the README use (87.00 % on the test speakers) ..."
$spikeline train --seed 1 --model-only --checkpoint "$out/classifier-20.spkc"
