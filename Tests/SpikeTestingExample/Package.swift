// swift-tools-version: 6.0
// An example package that tests its neurons' spike timing with Spikeline's SpikeTesting, as the
// README shows. A test of Spikeline builds and runs it, so the README's lines cannot go stale.
import PackageDescription

let package = Package(
  name: "NeuronTiming",
  dependencies: [
    // Spikeline from a local checkout (this folder sits two levels below its root).
    .package(name: "Spikeline", path: "../.."),
  ],
  targets: [
    .testTarget(
      name: "NeuronTimingTests",
      dependencies: [
        .product(name: "SpikeCore", package: "Spikeline"),
        .product(name: "SpikeTesting", package: "Spikeline"),
      ]),
  ]
)
