#!/usr/bin/env bash
# Rebuilds the bundled spoken-digit spike dataset from scratch:
#   50 synthetic speakers (40 train, 10 test, unseen voice variants) × 20 words × 4 repetitions
#   = 3,200 train and 800 test samples (160 and 40 per class), 700 cochlear channels.
# Needs espeak-ng (Debian: apt-get install espeak-ng); the bundled file was made with espeak-ng
# 1.51+dfsg-10+deb12u2. The same seed and espeak-ng version give the same bytes (checked below).
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --product spikeline
.build/release/spikeline dataset synth --out Scenarios/Data/spoken-digits.spkd \
  --speakers 50 --test-speakers 10 --repetitions 4 --seed 1 --drive-threshold 0.3 --adaptation 1
if command -v sha256sum >/dev/null; then
  if sha256sum --check --status Scenarios/Data/spoken-digits.sha256 2>/dev/null; then
    echo "identical to the bundled dataset (sha256 matches)"
  else
    echo "differs from the bundled dataset's recorded sha256 (another espeak-ng version?)" >&2
  fi
fi
