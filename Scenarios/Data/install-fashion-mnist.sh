#!/usr/bin/env bash
# Installs Fashion-MNIST (60,000 training and 10,000 test images, 28×28, 10 classes) for `spikeline bir`:
# Debian's `dataset-fashion-mnist` package ships it as gzip-compressed IDX files under
# /usr/share/datasets/fashion-mnist; this script installs the package if needed and decompresses the
# four files into Scenarios/Data/fashion-mnist/ (not committed: 55 MB), where `spikeline bir
# --benchmark split-fashion` and `--benchmark permuted-fashion` look for them.
set -euo pipefail
cd "$(dirname "$0")"
source=/usr/share/datasets/fashion-mnist
if [ ! -f "$source/train-images-idx3-ubyte.gz" ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  $sudo apt-get install -y dataset-fashion-mnist
fi
mkdir -p fashion-mnist
for name in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  gunzip -c "$source/$name.gz" > "fashion-mnist/$name.tmp"
  mv "fashion-mnist/$name.tmp" "fashion-mnist/$name"
done
echo "Fashion-MNIST installed in $(pwd)/fashion-mnist"
