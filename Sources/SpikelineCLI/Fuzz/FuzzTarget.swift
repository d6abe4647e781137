import Foundation
import ChipModel
import ScenarioKit
import SpikeCore
import SpikeData
import SpikeTraining
import SpikelineSupport

/// One reader under fuzzing: valid seed inputs, how to mutate them, and what reading means.
struct FuzzTarget {
  var name: String
  /// Valid inputs the mutations start from.
  var seeds: [[UInt8]]
  /// Text formats also get number and nesting mutations.
  var isText: Bool
  /// A structure-aware mutation tried on some cases (nil: bytes only).
  var structured: ((inout FuzzMutator, [UInt8]) -> [UInt8])?
  /// Reads the input as a user's command would; throws `SpikelineError` on bad input.
  var read: ([UInt8]) throws -> Void
}

/// The readers of Spikeline and their seeds, built in a scratch folder (CLI cases read files).
struct FuzzTargets {
  let folder: String
  let scenarioSeeds: [[UInt8]]
  let datasetBytes: [UInt8]
  let checkpointBytes: [UInt8]
  let wavBytes: [UInt8]

  /// Writes the seed files into `folder`.
  init(folder: String) throws {
    self.folder = folder
    try ensureDirectory(folder)
    // A small dataset: 4 channels, 3 classes, two splits.
    var generator = SeededGenerator(seed: 11, stream: "fuzz seeds")
    var dataset = SpikeDataset(channelCount: 8, timeUnit: 1e-3, classNames: ["a", "b", "c"], speakerNames: ["s", "t"])
    for index in 0..<6 {
      let count = 5 + generator.uniformInt(below: 20)
      var sample = SpikeSample(label: index % 3, speaker: index % 2, split: index < 4 ? .train : .test, duration: 0.2,
                               times: (0..<count).map { _ in UInt32(generator.uniformInt(below: 200)) },
                               channels: (0..<count).map { _ in UInt16(generator.uniformInt(below: 8)) })
      sample.sortSpikes()
      dataset.samples.append(sample)
    }
    datasetBytes = try dataset.encoded()
    try AtomicFileWriter.write(datasetBytes, to: folder + "/seed.spkd")
    var architecture = SpikingArchitecture.replayBackbone(inputChannels: 8, outputs: 3)
    architecture.hidden = [6, 5]
    let trainer = try SpikingTrainer(model: try SpikingModel(architecture, seed: 1), settings: TrainingSettings(epochs: 1, batchSize: 2))
    checkpointBytes = try TrainingCheckpoint(trainer: trainer).encoded()
    try AtomicFileWriter.write(checkpointBytes, to: folder + "/seed.spkc")
    let tone = (0..<800).map { Float(sin(Double($0) * 0.3) * 0.3) }
    wavBytes = WAVFile.encode16(Audio(samples: tone, sampleRate: 16_000))
    try AtomicFileWriter.write(wavBytes, to: folder + "/seed.wav")
    let chip = #"{"description": "fuzz", "seed": 3, "time": {"model": "chip", "tickDuration": 0.001, "durationTicks": 20}, "populations": [{"name": "in", "size": 2, "source": {"spikeTicks": [[0, 2, 4], [1, 3]]}}, {"name": "n", "size": 3, "neuron": {"model": "cuba", "tauMembrane": 0.02, "tauExcitatory": 0.005, "threshold": 0.5, "refractory": 0.002}, "initialPotential": {"uniform": [0, 0.2]}}], "projections": [{"source": "in", "target": "n", "connector": {"probability": 0.7}, "weight": {"normal": {"mean": 0.4, "sd": 0.1}}, "delay": {"ticks": 2}}], "record": {"spikes": "all", "membranes": [{"population": "n", "neurons": [0, 2]}]}, "chip": {"profile": "loihi", "chips": 1}, "fixedPoint": {"voltsPerUnit": 0.001}}"#
    let continuous = #"{"description": "fuzz", "time": {"model": "continuous", "durationSeconds": 0.02}, "populations": [{"name": "p", "size": 2, "source": {"poisson": {"rateHz": 200}}}, {"name": "q", "size": 2, "neuron": {"model": "lif", "tauMembrane": 0.01, "threshold": 1, "reset": "subtract"}}], "projections": [{"source": "p", "target": "q", "connector": "allToAll", "weight": {"uniform": [0.2, 0.6]}, "delay": {"uniform": [0.001, 0.003]}, "receptor": "excitatory"}, {"source": "q", "target": "q", "connector": {"synapses": [{"source": 0, "target": 1, "weight": -0.3, "delay": 0.002}]}}]}"#
    let train = #"{"description": "fuzz", "kind": "train", "dataset": "seed.spkd", "steps": 20, "window": 0.2, "hidden": [4], "epochs": 1, "batchSize": 2, "classes": [0, 1]}"#
    scenarioSeeds = [chip, continuous, train].map { Array($0.utf8) }
  }

  /// Every target, in report order.
  var all: [FuzzTarget] {
    [scenario, dataset, checkpoint, wav, npy, idx, nir, commandLine]
  }

  var scenario: FuzzTarget {
    let folder = self.folder
    return FuzzTarget(name: "scenario", seeds: scenarioSeeds, isText: true, structured: nil) { bytes in
      let scenario = try ScenarioLoader.parse(bytes, file: folder + "/fuzz.json")
      guard case .network(let body) = scenario.body else { return }
      // Build the engine and run a few steps, as `spikeline run` would.
      switch body.timeModel {
      case .chip(let tick, let ticks):
        let simulation = try ChipTimeSimulation(network: body.network, tickDuration: tick, recording: body.recording, arithmetic: body.arithmetic)
        simulation.run(ticks: min(ticks, 30))
      case .continuous(let duration):
        let simulation = try ContinuousTimeSimulation(network: body.network, recording: body.recording)
        simulation.run(until: min(duration, 0.02))
        if let failure = simulation.failure { throw failure }
      }
    }
  }

  var dataset: FuzzTarget {
    FuzzTarget(name: "spkd", seeds: [datasetBytes], isText: false, structured: nil) { bytes in
      let dataset = try SpikeDataset.decode(bytes, file: "fuzz.spkd")
      _ = Binning(steps: 20, window: 0.2).bin(dataset, split: .train)
      _ = dataset.samples.prefix(4).map(dataset.spikeTrains)
    }
  }

  var checkpoint: FuzzTarget {
    FuzzTarget(name: "spkc", seeds: [checkpointBytes], isText: false, structured: Self.editHeader) { bytes in
      let checkpoint = try TrainingCheckpoint.decode(bytes, file: "fuzz.spkc")
      _ = try checkpoint.trainer()
      _ = try checkpoint.model.exportNetwork(tickDuration: 1e-3)
    }
  }

  var wav: FuzzTarget {
    FuzzTarget(name: "wav", seeds: [wavBytes], isText: false, structured: nil) { bytes in
      let audio = try WAVFile.decode(bytes, file: "fuzz.wav")
      var parameters = CochleaParameters()
      parameters.channels = 16
      _ = try Cochlea(parameters).spikes(audio)
    }
  }

  var npy: FuzzTarget {
    let records = NPYFile.encodeRecords([.int64("t", [10, 20, 30]), .int32("x", [1, 2, 3]), .float64("p", [0.5, 1, 1.5])])
    let plain = NPYFile.encodeInt64([1, 2, 3, 4, 5, 6], shape: [3, 2])
    return FuzzTarget(name: "npy", seeds: [records, plain], isText: false, structured: nil) { bytes in
      let array = try NPYFile.decode(bytes, file: "fuzz.npy")
      _ = array.field("t")
    }
  }

  /// NIR files: the HDF5 reader (groups, chunked gzip data, strings) and the mapping to a scenario.
  var nir: FuzzTarget {
    var seeds: [[UInt8]] = []
    if let checkpoint = try? TrainingCheckpoint.decode(checkpointBytes), let graph = try? checkpoint.model.nirGraph(tickDuration: 0.01),
       let bytes = try? graph.hdf5Bytes() { seeds.append(bytes) }
    for name in ["feedforward.nir", "recurrent-cuba.nir", "convolutional.nir"] {
      if let bytes = try? readFileBytes("Tests/Fixtures/nir/" + name) { seeds.append(bytes) }
    }
    return FuzzTarget(name: "nir", seeds: seeds, isText: false, structured: nil) { bytes in
      let graph = try NIRGraph.read(bytes: bytes, file: "fuzz.nir")
      var options = NIRScenarioBuilder.Options()
      options.ticks = 5
      let json = try JSONOutput.string(try NIRScenarioBuilder.scenario(graph, options: options))
      let scenario = try ScenarioLoader.parse(Array(json.utf8), file: "fuzz.nir")
      guard case .network(let body) = scenario.body else { return }
      let simulation = try ChipTimeSimulation(network: body.network, tickDuration: 1e-3, recording: body.recording)
      simulation.run(ticks: 5)
    }
  }

  var idx: FuzzTarget {
    let images = IDXFile.encode(IDXArray(shape: [2, 3, 3], values: Array(0..<18)))
    let labels = IDXFile.encode(IDXArray(shape: [2], values: [0, 1]))
    return FuzzTarget(name: "idx", seeds: [images, labels], isText: false, structured: nil) { bytes in
      _ = try IDXFile.decode(bytes, file: "fuzz.idx")
    }
  }

  /// Command lines with values a user might type, run in-process (exit codes are not failures;
  /// traps and hangs are).
  var commandLine: FuzzTarget {
    let folder = self.folder
    let scenario = folder + "/cli.json"
    try? AtomicFileWriter.write(String(decoding: scenarioSeeds[0], as: UTF8.self), to: scenario)
    let templates = [
      "run \(scenario) --duration 0.01 --profile @ --json",
      "dataset export \(folder)/seed.spkd --window @ --steps @ -o \(folder)/export.npy",
      "dataset info \(folder)/seed.spkd --json",
      "train --dataset \(folder)/seed.spkd --epochs 1 --hidden @ --steps @ --classes @ --batch @ --window @ --no-checkpoint --json",
      "step \(scenario) --script @",
      "classify \(folder)/seed.spkc \(folder)/seed.spkd --steps @ --window @ --limit @ --json",
      "encode \(folder)/seed.wav -o \(folder)/encoded.spkd --window @",
    ]
    return FuzzTarget(name: "cli", seeds: templates.map { Array($0.utf8) }, isText: true, structured: Self.fillTemplate) { bytes in
      let arguments = String(decoding: bytes, as: UTF8.self).split(separator: " ").map(String.init)
      let (io, _) = CommandIO.capturing()
      _ = Spikeline.main(arguments, io: io)
    }
  }

  /// A template's `@` slots filled with extreme numbers, ranges or garbage.
  static func fillTemplate(_ mutator: inout FuzzMutator, _ template: [UInt8]) -> [UInt8] {
    var text = String(decoding: template, as: UTF8.self)
    let values = FuzzMutator.extremeNumbers + ["0...9223372036854775807", "2...1", "-3", "", "n", "99999999999", "1,2,,3", "NaN", "inf", "1e-320",
                                               "0...19", "t1e308", "g-1", "1...1000000000"]
    while let slot = text.range(of: "@") {
      text.replaceSubrange(slot, with: values[mutator.generator.uniformInt(below: values.count)])
    }
    return Array(text.utf8)
  }

  /// A checkpoint whose JSON header has one number replaced by an extreme value, with the header
  /// length and checksum recomputed: only validation stands between it and the code.
  static func editHeader(_ mutator: inout FuzzMutator, _ bytes: [UInt8]) -> [UInt8] {
    guard bytes.count > 20 else { return bytes }
    let length = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
    guard 12 + length <= bytes.count - 8 else { return bytes }
    var header = Array(bytes[12..<(12 + length)])
    mutator.replaceNumber(&header)
    var edited = Array(bytes[0..<8])
    for i in 0..<4 { edited.append(UInt8(truncatingIfNeeded: header.count >> (8 * i))) }
    edited += header + bytes[(12 + length)..<(bytes.count - 8)]
    let hash = StableHash.fnv1a64(bytes: edited)
    for i in 0..<8 { edited.append(UInt8(truncatingIfNeeded: hash >> (8 * UInt64(i)))) }
    return edited
  }
}
