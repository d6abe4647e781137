import Foundation
import ChipModel
import SpikeCore
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Runs one continual-learning method on one task with one seed, and prices it on a chip.
public struct ReplayRunner: Sendable {
  public var profile: ChipProfile
  /// Test samples run through the exported network in chip time for the per-sample inference cost.
  public var inferenceSamples: Int
  /// Where accuracy is measured: the test split, or the validation speakers (for searches).
  public var evaluation: ReplayTask.Part
  /// Evaluate after every epoch (for the learning-curve plots).
  public var recordCurves: Bool

  public init(profile: ChipProfile = .loihi, inferenceSamples: Int = 8, evaluation: ReplayTask.Part = .test, recordCurves: Bool = true) {
    self.profile = profile
    self.inferenceSamples = inferenceSamples
    self.evaluation = evaluation
    self.recordCurves = recordCurves
  }

  public func run(_ task: ReplayTask, method: ReplayMethod, seed: UInt64) throws -> ReplayRunResult {
    try runReturningModel(task, method: method, seed: seed).result
  }

  /// `run`, also returning the whole model after learning (frozen and learning layers joined).
  public func runReturningModel(_ task: ReplayTask, method: ReplayMethod, seed: UInt64) throws -> (result: ReplayRunResult, model: SpikingModel) {
    let pretrained = task.pretrained
    let layerCount = pretrained.layers.count
    let errors = method.validationErrors(layers: layerCount)
    if errors.count == 1 { throw errors[0] }
    if errors.count > 1 { throw SpikelineErrors(errors) }
    let k = method.latentLayer, steps = method.steps
    let frozen = k > 0 ? pretrained.slice(0..<k) : nil
    var learning = pretrained.slice(k..<layerCount)
    let evaluationSet = task.latents(evaluation, steps: steps, latentLayer: k)
    let isOld: (Int) -> Bool = { task.oldClasses.contains($0) }
    let isNew: (Int) -> Bool = { $0 == task.newClass }
    let before = SpikingTrainer.evaluate(learning, evaluationSet.filter { isOld($0.label) })

    // The new class's readout column starts small and random (SpikingLR's re-initialisation).
    var generator = SeededGenerator(seed: seed, stream: "new-class-weights", index: task.newClass)
    let readout = learning.layers.count - 1
    let outputs = learning.layers[readout].outputs
    for i in 0..<learning.layers[readout].inputs {
      learning.layers[readout].feedforward[i * outputs + task.newClass] =
        Float(generator.normal(mean: Double(method.newClassWeightMean), standardDeviation: Double(method.newClassWeightStandardDeviation)))
    }

    // Replay buffer: latents of chosen old-class training samples, compressed and bit-packed.
    let trainLatents = task.latents(.train, steps: steps, latentLayer: k)
    var buffer = LatentBuffer()
    var generated: [BinnedSample]?, generatorBytes = 0
    if method.kind == .latentReplay, let spec = method.latentGenerator {
      let oldLatents = trainLatents.filter { isOld($0.label) }
      let generator = try LatentRateGenerator(training: oldLatents, classes: task.dataset.classNames.count, spec: spec, seed: seed)
      generated = generator.generate(perClass: method.samplesPerClass, classes: task.oldClasses, seed: seed)
      generatorBytes = generator.storedBytes
    } else if method.kind == .latentReplay {
      for oldClass in task.oldClasses {
        let candidates = trainLatents.indices.filter { trainLatents[$0].label == oldClass }
        guard method.samplesPerClass <= candidates.count else {
          throw SpikelineError.field("samplesPerClass", "the buffer asks \(method.samplesPerClass) samples of class \(oldClass) but the training split has \(candidates.count)")
        }
        var picks = candidates
        var picker = SeededGenerator(seed: seed, stream: "replay-selection", index: oldClass)
        picker.shuffle(&picks)
        for index in picks.prefix(method.samplesPerClass) { buffer.append(method.compression.compress(trainLatents[index])) }
      }
    }

    // The phase: latents of the new class through the frozen layers, then training with replay.
    let start = Date()
    let newSamples = task.binned(.train, steps: steps).filter { isNew($0.label) }
    var operations = OperationCount()
    var newLatents = newSamples
    if let frozen {
      let (trains, frozenOperations) = frozen.spikeTrains(newSamples, layer: k - 1)
      newLatents = trains
      operations += frozenOperations
    }
    let replay = generated ?? buffer.decompressed(steps: steps)
    let trainingSet: [BinnedSample]
    switch method.kind {
    case .latentReplay: trainingSet = newLatents + replay
    case .naive: trainingSet = newLatents
    case .joint: trainingSet = trainLatents.filter { isOld($0.label) || isNew($0.label) }
    }
    let settings = TrainingSettings(
      epochs: method.epochs, batchSize: method.batchSize, learningRate: method.learningRate * method.learningRateStart,
      optimizer: .adamDefault, schedule: .linear(end: method.learningRateEnd / method.learningRateStart), seed: seed)
    let trainer = try SpikingTrainer(model: learning, settings: settings)
    let baseThresholds = learning.layers.map(\.threshold)
    trainer.beforeEpoch = { trainer in
      let factor = method.thresholdFactor(epoch: trainer.epoch)
      trainer.updateModel { model in
        for l in model.layers.indices where model.layers[l].isSpiking { model.layers[l].threshold = baseThresholds[l] * factor }
      }
    }
    if method.singleClassBatches {
      trainer.epochOrder = { trainer, epoch in Self.singleClassOrder(trainingSet, batchSize: method.batchSize, seed: seed, epoch: epoch) }
    }
    var curve: [EpochCurve] = []
    var evaluationSeconds = 0.0
    try trainer.train(trainingSet, report: { record in
      guard self.recordCurves else { return }
      let evaluationStart = Date()
      let result = SpikingTrainer.evaluate(trainer.model, evaluationSet)
      curve.append(EpochCurve(epoch: record.epoch, oldAccuracy: result.accuracy(where: isOld), newAccuracy: result.accuracy(where: isNew),
                              loss: record.loss))
      evaluationSeconds += Date().timeIntervalSince(evaluationStart)
    })
    let wallSeconds = Date().timeIntervalSince(start) - evaluationSeconds
    operations += trainer.operations
    let final = SpikingTrainer.evaluate(trainer.model, evaluationSet)

    // Chip cost of the phase: the counted operations plus the replay buffer's memory traffic.
    var workload = TrainingWorkload(operations)
    let latentNeurons = newLatents.first?.channels ?? 0
    workload.memoryWords = (buffer.byteCount + 3) / 4 * method.epochs
    if generated != nil {
      // Generated trains are written out in full once, then read every epoch like a buffer.
      workload.memoryWords = replay.count * (latentNeurons * steps + 31) / 32 * (method.epochs + 1)
    }
    if method.compression.window > 1 && generated == nil {
      // Decompression writes each replayed train back out at full length every epoch.
      workload.memoryWords += replay.count * (latentNeurons * steps + 31) / 32 * method.epochs
    }
    let cost = try TrainingCostReport(workload: workload, profile: profile)
    let joined = SpikingModel(architecture: pretrained.architecture, layers: (frozen?.layers ?? []) + trainer.model.layers)
    let inference = try inferenceCost(joined, task: task, steps: steps)
    let result = ReplayRunResult(
      method: method.name, heldOutClass: task.newClass, seed: seed, steps: steps,
      oldAccuracy: final.accuracy(where: isOld), newAccuracy: final.accuracy(where: isNew),
      allAccuracy: final.accuracy(where: { isOld($0) || isNew($0) }), oldAccuracyBefore: before.accuracy,
      forgetting: before.accuracy - final.accuracy(where: isOld), bufferBytes: generated == nil ? buffer.byteCount : generatorBytes, replaySamples: replay.count,
      wallSeconds: wallSeconds, chipLatencySeconds: cost.latencySeconds.total, chipEnergyJoules: cost.energyJoules.total,
      trainingCost: cost, inferenceLatencySeconds: inference.latency, inferenceEnergyJoules: inference.energy, curve: curve)
    return (result, joined)
  }

  /// Mean chip-time latency and energy of one test sample through the exported network.
  func inferenceCost(_ model: SpikingModel, task: ReplayTask, steps: Int) throws -> (latency: Double, energy: Double) {
    guard inferenceSamples > 0 else { return (0, 0) }
    let exported = try model.exportNetwork(tickDuration: task.window / Double(steps))
    let session = try ChipSession(network: exported.network, profile: profile)
    let samples = task.binned(.test, steps: steps)
    let picked = stride(from: 0, to: samples.count, by: max(samples.count / inferenceSamples, 1)).prefix(inferenceSamples).map { samples[$0] }
    var latency = 0.0, energy = 0.0
    for sample in picked {
      var network = exported.network
      try network.setSource(exported.input, .spikeTicks(sample.spikeTicks()))
      let simulation = try ChipTimeSimulation(network: network, tickDuration: exported.tickDuration, recording: .countersOnly)
      let monitor = try ChipActivityMonitor(network: network, mapping: session.mapping, routing: session.routing)
      simulation.observer = monitor
      simulation.run(ticks: steps)
      let report = try ChipReport(network: network, result: simulation.result, mapping: session.mapping, routing: session.routing, monitor: monitor)
      latency += report.total.latencySeconds ?? 0
      energy += report.total.energyJoules.total
    }
    return (latency / Double(picked.count), energy / Double(picked.count))
  }

  /// Batches that each hold one class (SpikingLR's schedule), in a seeded random order.
  static func singleClassOrder(_ samples: [BinnedSample], batchSize: Int, seed: UInt64, epoch: Int) -> [Int] {
    var generator = SeededGenerator(seed: seed, stream: "single-class-order", index: epoch)
    var batches: [[Int]] = []
    for label in Set(samples.map(\.label)).sorted() {
      var indices = samples.indices.filter { samples[$0].label == label }
      generator.shuffle(&indices)
      stride(from: 0, to: indices.count, by: batchSize).forEach { batches.append(Array(indices[$0..<min($0 + batchSize, indices.count)])) }
    }
    generator.shuffle(&batches)
    return batches.flatMap { $0 }
  }
}

extension TrainingWorkload {
  /// The training code's operation counts in the chip model's terms.
  public init(_ operations: OperationCount) {
    self.init()
    samples = operations.samples
    timesteps = operations.timesteps
    forwardSynapticOps = operations.forwardSynapticOps
    neuronUpdates = operations.neuronUpdates
    backwardMACs = operations.backwardMACs
    backwardAccumulates = operations.backwardAccumulates
    weightUpdates = operations.weightUpdates
  }
}
