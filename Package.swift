// swift-tools-version: 6.0
//
// Spikeline: an event-driven neuromorphic simulator with a chip energy model and
// continual learning by memory replay. Toolchain only: no package dependencies.

import PackageDescription

// MARK: - Targets

/// Library targets in dependency order. Each gets a test target named `<name>Tests`.
let libraries: [(name: String, dependencies: [String])] = [
  ("SpikelineSupport", []),
  ("SpikeCore", ["SpikelineSupport"]),
  ("ChipModel", ["SpikeCore", "SpikelineSupport"]),
  ("SpikeData", ["SpikelineSupport"]),
  ("SpikePlot", ["SpikelineSupport"]),
  ("SpikeTraining", ["SpikeCore", "SpikeData", "SpikelineSupport"]),
  // The join of training and chip: deploying a trained model on a chip profile, pricing training.
  ("ChipDeployment", ["SpikeTraining", "ChipModel", "SpikeCore", "SpikeData", "SpikelineSupport"]),
  ("ContinualLearning", ["ChipDeployment", "SpikeTraining", "SpikeData", "ChipModel", "SpikeCore", "SpikelineSupport"]),
  ("ScenarioKit", ["ContinualLearning", "ChipDeployment", "SpikeTraining", "SpikeData", "ChipModel", "SpikeCore", "SpikePlot",
                   "SpikelineSupport"]),
  ("SpikeTesting", ["SpikeCore", "SpikelineSupport"]),
  ("SpikelineCLI", ["ScenarioKit", "ContinualLearning", "ChipDeployment", "SpikeTraining", "SpikeData", "ChipModel",
                    "SpikeCore", "SpikePlot", "SpikelineSupport"]),
]

/// Release-quality code generation even in debug test builds would slow compiles down;
/// instead, the heavy tests use small workloads. Internal invariant checks are opt-in.
let commonSettings: [SwiftSetting] = [
  .define("SPIKELINE_INTERNAL_CHECKS", .when(configuration: .debug)),
]

var targets: [Target] = libraries.map { library in
  .target(
    name: library.name,
    dependencies: library.dependencies.map { .target(name: $0) },
    swiftSettings: commonSettings)
}
targets += libraries.map { library in
  .testTarget(
    name: library.name + "Tests",
    dependencies: [.target(name: library.name)] + library.dependencies.map { .target(name: $0) },
    swiftSettings: commonSettings)
}
// MARK: - Run-time dispatched kernels

/// The innermost loops of training and of chip time's neuron update compiled again for AVX2 and AVX-512
/// (function-level target attributes, chosen at run time from the CPU), since a Swift build targets one
/// instruction set: C, built by the toolchain's own compiler, with the same operations in the same order
/// as the Swift kernels. On other CPUs and architectures the Swift kernels run.
targets.append(.target(name: "CSpikelineKernels"))
for name in ["SpikeCore", "SpikeCoreTests", "SpikeTraining", "SpikeTrainingTests"] {
  guard let index = targets.firstIndex(where: { $0.name == name }) else { continue }
  targets[index].dependencies.append(.target(name: "CSpikelineKernels"))
}

// MARK: - Open MPI (opt-in)

/// `SPIKELINE_MPI=1 swift build -c release` adds the Open MPI transport for `spikeline run --ranks`:
/// a system-library target for Open MPI's C API (Debian: `libopenmpi-dev`, found through
/// pkg-config's `ompi-c`) and the Swift target that uses it. Without the variable nothing here is
/// built and nothing needs to be installed.
let buildsMPI = ["1", "true", "yes"].contains(Context.environment["SPIKELINE_MPI"]?.lowercased() ?? "")
if buildsMPI {
  targets.append(.systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]))
  targets.append(.target(name: "SpikelineMPI", dependencies: ["CMPI", "SpikeCore", "SpikelineSupport"],
                         swiftSettings: commonSettings))
  for name in ["SpikelineCLI", "SpikelineCLITests"] {
    guard let index = targets.firstIndex(where: { $0.name == name }) else { continue }
    targets[index].dependencies.append(.target(name: "SpikelineMPI"))
    targets[index].swiftSettings = (targets[index].swiftSettings ?? []) + [.define("SPIKELINE_MPI")]
  }
}

targets.append(
  .executableTarget(name: "spikeline", dependencies: ["SpikelineCLI"], swiftSettings: commonSettings))
// The CLI tests also run the built binary, so they depend on the executable too.
if let index = targets.firstIndex(where: { $0.name == "SpikelineCLITests" }) {
  targets[index].dependencies.append(.target(name: "spikeline"))
}

// MARK: - Package

let package = Package(
  name: "Spikeline",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "spikeline", targets: ["spikeline"]),
    .library(name: "SpikeCore", targets: ["SpikeCore"]),
    .library(name: "ChipModel", targets: ["ChipModel"]),
    .library(name: "SpikeData", targets: ["SpikeData"]),
    .library(name: "SpikeTraining", targets: ["SpikeTraining"]),
    .library(name: "ChipDeployment", targets: ["ChipDeployment"]),
    .library(name: "ContinualLearning", targets: ["ContinualLearning"]),
    .library(name: "ScenarioKit", targets: ["ScenarioKit"]),
    .library(name: "SpikeTesting", targets: ["SpikeTesting"]),
  ],
  targets: targets
)
