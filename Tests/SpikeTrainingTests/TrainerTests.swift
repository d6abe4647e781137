import Foundation
import Testing
import SpikeCore
import SpikeData
import SpikelineSupport
@testable import SpikeTraining

/// Three classes that fire different channel groups at different times.
func syntheticTask(samples: Int, steps: Int = 20, seed: UInt64) -> [BinnedSample] {
  var generator = SeededGenerator(seed: seed)
  return (0..<samples).map { index in
    let label = index % 3
    var start: [Int32] = [0], channels: [UInt16] = []
    for t in 0..<steps {
      for c in 0..<12 where generator.bernoulli(c / 4 == label && t / 7 == label ? 0.6 : 0.05) { channels.append(UInt16(c)) }
      start.append(Int32(channels.count))
    }
    return BinnedSample(steps: steps, channels: 12, label: label, stepStart: start, activeChannels: channels,
                        counts: [UInt8](repeating: 1, count: channels.count))
  }
}

func tinyArchitecture(readout: ReadoutMode = .meanMembrane) -> SpikingArchitecture {
  SpikingArchitecture(inputChannels: 12, hidden: [16], recurrent: true, outputs: 3, membraneDecay: 0.8, synapticDecay: 0.5,
                      threshold: 1, resetMode: .toPotential, readout: readout, surrogate: .fastSigmoid(slope: 10), weightScale: 1.5,
                      readoutWeightScale: 0.5)
}

@Suite struct TrainerTests {
  @Test("A small network learns a synthetic three-class task")
  func learnsSyntheticTask() throws {
    let train = syntheticTask(samples: 96, seed: 1), test = syntheticTask(samples: 48, seed: 2)
    let trainer = try SpikingTrainer(model: try SpikingModel(tinyArchitecture(), seed: 1),
                                     settings: TrainingSettings(epochs: 15, batchSize: 16, learningRate: 0.01, optimizer: .adamDefault))
    let before = trainer.evaluate(test).accuracy
    try trainer.train(train, test: test)
    let after = trainer.evaluate(test).accuracy
    #expect(after > 0.9, "accuracy \(before) → \(after)")
    #expect(trainer.history.count == 15)
    #expect(trainer.history.last!.loss < trainer.history.first!.loss)
  }

  @Test("Results do not depend on the number of threads")
  func threadIndependence() throws {
    let train = syntheticTask(samples: 40, seed: 3)
    func run(threads: Int) throws -> [Float] {
      let trainer = try SpikingTrainer(model: try SpikingModel(tinyArchitecture(), seed: 4),
                                       settings: TrainingSettings(epochs: 2, batchSize: 10, learningRate: 0.01, optimizer: .adamDefault, chunkSize: 3))
      trainer.threads = threads
      try trainer.train(train)
      return trainer.model.flatParameters()
    }
    let one = try run(threads: 1), two = try run(threads: 2)
    #expect(one.map(\.bitPattern) == two.map(\.bitPattern))
  }

  @Test("Results do not depend on how many samples are back-propagated in lockstep", arguments: [2, 3, 4])
  func lockstepIndependence(_ group: Int) throws {
    let train = syntheticTask(samples: 30, seed: 6)
    // Two recurrent hidden layers, learned β and a rate penalty: every path of the grouped backward.
    var architecture = tinyArchitecture()
    architecture.hidden = [16, 11]
    func run(lockstep: Int) throws -> [Float] {
      var model = try SpikingModel(architecture, seed: 7)
      for l in model.layers.indices { model.layers[l].learnsMembraneDecay = true }
      let settings = TrainingSettings(epochs: 2, batchSize: 10, learningRate: 0.01, optimizer: .adamDefault, chunkSize: 5,
                                      rateRegularization: RateRegularization(strength: 0.1, target: 0.05))
      let trainer = try SpikingTrainer(model: model, settings: settings)
      trainer.lockstepSamples = lockstep
      trainer.threads = 1
      try trainer.train(train)
      return trainer.model.flatParameters()
    }
    let alone = try run(lockstep: 1), grouped = try run(lockstep: group)
    #expect(alone.map(\.bitPattern) == grouped.map(\.bitPattern))
  }

  @Test("A run stopped mid-epoch and resumed from its checkpoint ends exactly like an uninterrupted run")
  func resumeEqualsUninterrupted() throws {
    let train = syntheticTask(samples: 60, seed: 5)
    let settings = TrainingSettings(epochs: 3, batchSize: 8, learningRate: 0.01, optimizer: .adamaxDefault, seed: 9,
                                    augmentation: Augmentation(channelShift: 1, timeShift: 1, dropProbability: 0.1))
    let model = try SpikingModel(tinyArchitecture(), seed: 6)
    let straight = try SpikingTrainer(model: model, settings: settings)
    try straight.train(train)
    // Stop after 11 calls (8 batches and the end of epoch 1, then 2 batches of epoch 2), save, reload, continue.
    let directory = NSTemporaryDirectory() + "resume-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/run.spkc"
    let interrupted = try SpikingTrainer(model: model, settings: settings)
    var batches = 0
    interrupted.afterBatch = { trainer in
      batches += 1
      if batches == 11 { try TrainingCheckpoint(trainer: trainer).write(to: path); return false }
      return true
    }
    try interrupted.train(train)
    let resumed = try TrainingCheckpoint.read(path).trainer()
    #expect(resumed.epoch == 1 && resumed.batchInEpoch == 2)
    try resumed.train(train)
    #expect(resumed.model.flatParameters().map(\.bitPattern) == straight.model.flatParameters().map(\.bitPattern))
    #expect(resumed.optimizer == straight.optimizer)
    #expect(resumed.history.map(\.loss) == straight.history.map(\.loss))
  }

  @Test("After a resume, an epoch's rate counts only the samples trained since the resume")
  func resumedRate() throws {
    let samples = syntheticTask(samples: 48, seed: 4)
    let settings = TrainingSettings(epochs: 1, batchSize: 8, learningRate: 2e-3, seed: 3)
    let first = try SpikingTrainer(model: try SpikingModel(tinyArchitecture(), seed: 2), settings: settings)
    first.afterBatch = { $0.batchInEpoch < 5 }  // stop after 5 of 6 batches
    try first.train(samples)
    let resumed = try TrainingCheckpoint(trainer: first).trainer()
    var record: EpochRecord?
    try resumed.train(samples, report: { record = $0 })
    let epoch = try #require(record)
    // One batch of 8 samples ran after the resume: rate × time is 8 samples, not 48.
    #expect(abs(epoch.samplesPerSecond * epoch.seconds - 8) < 0.5, "\(epoch.samplesPerSecond) samples/s over \(epoch.seconds) s")
  }

  @Test("Checkpoints round-trip; damage and truncation are rejected with offsets")
  func checkpointFormat() throws {
    var model = try SpikingModel(tinyArchitecture(readout: .maxMembrane), seed: 7)
    model.layers[0].learnsMembraneDecay = true
    let bytes = try TrainingCheckpoint(model: model, metadata: ["dataset": "x"]).encoded()
    let decoded = try TrainingCheckpoint.decode(bytes)
    #expect(decoded.model == model)
    #expect(decoded.metadata == ["dataset": "x"])
    var damaged = bytes
    damaged[bytes.count / 2] ^= 0xFF
    #expect { try TrainingCheckpoint.decode(damaged, file: "c.spkc") } throws: { "\($0)".contains("checksum mismatch") }
    #expect { try TrainingCheckpoint.decode(Array(bytes.prefix(30))) } throws: { "\($0)".contains("checksum") || "\($0)".contains("ends early") }
    #expect { try TrainingCheckpoint.decode(Array("NOPE".utf8) + bytes.dropFirst(4)) } throws: { "\($0)".contains("byte 0") }
  }

  @Test("A checkpoint whose header was edited and re-checksummed is validated, not trusted", arguments: [
    ("layers", "[]", "no layers"),
    ("layers.0.inputs", "4611686018427387904", "layers[0]"),
    ("settings.chunkSize", "0", "chunkSize"),
    ("settings.batchSize", "9223372036854775807", "batchSize"),
    ("batchInEpoch", "-3", "batchInEpoch"),
    ("settings.lowestTrainableLayer", "9", "lowestTrainableLayer"),
  ])
  func editedHeader(field: String, value: String, expected: String) throws {
    let model = try SpikingModel(tinyArchitecture(), seed: 2)
    let bytes = try TrainingCheckpoint(model: model, metadata: [:]).encoded()
    let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
    var header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[12..<(12 + headerLength)])) as? [String: Any])
    let replacement = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
    header = setting(header, path: field.split(separator: ".").map(String.init), to: replacement)
    let json = [UInt8](try JSONSerialization.data(withJSONObject: header))
    var edited = Array(bytes[0..<8]) + withUnsafeBytes(of: UInt32(json.count).littleEndian, Array.init) + json
    edited += bytes[(12 + headerLength)..<(bytes.count - 8)]
    edited += withUnsafeBytes(of: StableHash.fnv1a64(bytes: edited).littleEndian, Array.init)
    #expect { try TrainingCheckpoint.decode(edited, file: "edited.spkc") } throws: { "\($0)".contains("edited.spkc") && "\($0)".contains(expected) }
  }

  @Test("The rate penalty's spike count, sixteen at a time, has the bits of the left-to-right sum", arguments: [0, 1, 15, 16, 17, 20_000, 100_003])
  func spikeCount(count: Int) {
    var generator = SeededGenerator(seed: UInt64(count), stream: "spike count test")
    let spikes = (0..<count).map { _ in Float(generator.nextUnitDouble() < 0.3 ? 1 : 0) }
    spikes.withUnsafeBufferPointer { spikes in
      let base = spikes.baseAddress ?? UnsafePointer(bitPattern: 16)!
      #expect(SpikingModel.spikeCount(base, count).bitPattern == SpikingModel.sequentialSum(base, count).bitPattern)
      #expect(SpikingModel.spikeCount(base, count) == Float(spikes.filter { $0 == 1 }.count))
    }
  }

  @Test("An architecture with a weight matrix beyond 32-bit row offsets is refused, naming the layer")
  func oversizedMatrixRefused() {
    var architecture = tinyArchitecture()
    #expect(architecture.validationErrors().isEmpty)
    architecture.inputChannels = 65_536
    architecture.hidden = [65_536]
    let errors = architecture.validationErrors().map { "\($0)" }
    #expect(errors.count == 1 && errors[0].contains("layer 1 of 65536 → 65536 neurons"), "\(errors)")
    architecture.hidden = [32_768]   // 65536 × 32768 = 2³¹ weights: one too many
    #expect(architecture.validationErrors().count == 1)
    architecture.hidden = [32_767]
    #expect(architecture.validationErrors().isEmpty, "\(architecture.validationErrors())")
    // Sizes far out of range (as a damaged checkpoint may hold) are errors, not an overflow trap.
    architecture.hidden = [Int.max / 2, 3]
    #expect(!architecture.validationErrors().isEmpty)
  }

  @Test("Optimisers: one step of Adam, Adamax and SGD by hand")
  func optimizerSteps() {
    var p: [Float] = [1, -2]
    var adam = Optimizer(kind: .adamDefault, parameterCount: 2)
    adam.apply([0.5, -0.25], to: &p, range: 0..<2, learningRate: 0.1)
    // First Adam step moves each parameter by lr·sign(g) (bias-corrected m/√v = g/|g|).
    #expect(abs(p[0] - 0.9) < 1e-6 && abs(p[1] - (-1.9)) < 1e-6)
    var q: [Float] = [1]
    var adamax = Optimizer(kind: .adamaxDefault, parameterCount: 1)
    adamax.apply([2], to: &q, range: 0..<1, learningRate: 0.1)
    #expect(abs(q[0] - 0.9) < 1e-6)
    var r: [Float] = [1]
    var sgd = Optimizer(kind: .sgd(momentum: 0.5), parameterCount: 1, gradientClipNorm: 1)
    sgd.apply([4], to: &r, range: 0..<1, learningRate: 0.1)  // clipped to 1
    sgd.apply([0], to: &r, range: 0..<1, learningRate: 0.1)  // momentum 0.5
    #expect(abs(r[0] - (1 - 0.1 - 0.05)) < 1e-6)
    #expect(abs(LearningRateSchedule.cosine(floor: 0).rate(base: 1, epoch: 5, epochs: 10) - 0.5) < 1e-6)
  }

  @Test("Augmentation is deterministic per (seed, epoch, sample) and keeps labels")
  func augmentation() {
    let sample = syntheticTask(samples: 1, seed: 8)[0]
    let augmentation = Augmentation(channelShift: 2, timeShift: 2, dropProbability: 0.2)
    let a = augmentation.apply(sample, seed: 1, epoch: 3, index: 7), b = augmentation.apply(sample, seed: 1, epoch: 3, index: 7)
    #expect(a == b)
    #expect(a.label == sample.label && a.steps == sample.steps)
    #expect(augmentation.apply(sample, seed: 1, epoch: 4, index: 7) != a)
    #expect(Augmentation.none.apply(sample, seed: 1, epoch: 0, index: 0) == sample)
  }
}

/// `object` with the value at `path` (keys, or array indices as numbers) replaced.
private func setting(_ object: Any, path: [String], to value: Any) -> [String: Any] {
  func set(_ node: Any, _ path: ArraySlice<String>) -> Any {
    guard let key = path.first else { return value }
    if var array = node as? [Any], let index = Int(key) { array[index] = set(array[index], path.dropFirst()); return array }
    var dictionary = node as? [String: Any] ?? [:]
    dictionary[key] = set(dictionary[key] as Any, path.dropFirst())
    return dictionary
  }
  return set(object, path[...]) as? [String: Any] ?? [:]
}
