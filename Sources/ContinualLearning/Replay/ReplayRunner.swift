import Foundation
import ChipDeployment
import ChipModel
import SpikeCore
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Runs one continual-learning method on one task with one seed, and prices it on a chip.
public struct ReplayRunner: Sendable {
  /// The chip the phase and inference are priced on.
  public var profile: ChipProfile
  /// Test samples run through the exported network in chip time for the per-sample inference cost.
  public var inferenceSamples: Int
  /// Where accuracy is measured: the test split, or the validation speakers (for searches).
  public var evaluation: ReplayTask.Part
  /// Evaluate after every epoch (for the learning-curve plots).
  public var recordCurves: Bool

  /// A runner; the defaults are the main job's.
  public init(profile: ChipProfile = .loihi, inferenceSamples: Int = 8, evaluation: ReplayTask.Part = .test, recordCurves: Bool = true) {
    self.profile = profile
    self.inferenceSamples = inferenceSamples
    self.evaluation = evaluation
    self.recordCurves = recordCurves
  }

  /// Runs `method` on `task` with `seed`: replay buffer, the phase, evaluation, chip costs.
  /// - Throws: `SpikelineError` naming an invalid setting or a buffer larger than the data.
  public func run(_ task: ReplayTask, method: ReplayMethod, seed: UInt64) throws -> ReplayRunResult {
    try runReturningModel(task, method: method, seed: seed).result
  }

  /// `run`, also returning the whole model after learning (frozen and learning layers joined).
  public func runReturningModel(_ task: ReplayTask, method: ReplayMethod, seed: UInt64) throws -> (result: ReplayRunResult, model: SpikingModel) {
    var (phase, learning) = try ContinualPhase.split(task.pretrained, method: method)
    let k = method.latentLayer, steps = method.steps
    let evaluationSet = task.latents(evaluation, steps: steps, latentLayer: k)
    let isOld: (Int) -> Bool = { task.oldClasses.contains($0) }
    let isNew: (Int) -> Bool = { $0 == task.newClass }
    let before = SpikingTrainer.evaluate(learning, evaluationSet.filter { isOld($0.label) })
    phase.resetReadout(of: &learning, newClass: task.newClass, seed: seed)

    // Replay: latents of chosen old-class training samples, compressed and bit-packed, or generated.
    let trainLatents = task.latents(.train, steps: steps, latentLayer: k)
    var buffer = LatentBuffer()
    var generated: [BinnedSample]?, generatorBytes = 0
    if method.kind == .latentReplay, let spec = method.latentGenerator {
      let oldLatents = trainLatents.filter { isOld($0.label) }
      let generator = try LatentRateGenerator(training: oldLatents, classes: task.dataset.classNames.count, spec: spec, seed: seed)
      generated = generator.generate(perClass: method.samplesPerClass, classes: task.oldClasses, seed: seed)
      generatorBytes = generator.storedBytes
    } else if method.kind == .latentReplay {
      for oldClass in task.oldClasses { try buffer.store(classOf: oldClass, from: trainLatents, method: method, seed: seed) }
    }

    // The phase: latents of the new class through the frozen layers, then training with replay.
    let start = Date()
    let (newLatents, frozenOperations) = phase.latents(of: task.binned(.train, steps: steps).filter { isNew($0.label) })
    let replay = generated ?? buffer.decompressed(steps: steps)
    let trainingSet = phase.trainingSet(new: newLatents, replay: replay, known: { trainLatents.filter { isOld($0.label) || isNew($0.label) } })
    let traffic = ReplayTraffic(count: replay.count, bufferBytes: buffer.byteCount, generated: generated != nil,
                                latentNeurons: newLatents.first?.channels ?? 0, steps: steps)
    var curve: [EpochCurve] = []
    var evaluationSeconds = 0.0
    let outcome = try phase.train(learning, on: trainingSet, trainingSeed: seed, orderSeed: seed, replay: traffic) { trainer, record in
      guard self.recordCurves else { return }
      let evaluationStart = Date()
      let result = SpikingTrainer.evaluate(trainer.model, evaluationSet)
      curve.append(EpochCurve(epoch: record.epoch, oldAccuracy: result.accuracy(where: isOld), newAccuracy: result.accuracy(where: isNew),
                              loss: record.loss))
      evaluationSeconds += Date().timeIntervalSince(evaluationStart)
    }
    let wallSeconds = Date().timeIntervalSince(start) - evaluationSeconds
    let operations = frozenOperations + outcome.operations
    let final = SpikingTrainer.evaluate(outcome.learning, evaluationSet)

    // Chip cost of the phase (the counted operations plus the replay's memory traffic) and of inference.
    let cost = try TrainingCostReport(workload: TrainingWorkload(operations, memoryWords: outcome.memoryWords), profile: profile)
    let joined = SpikingModel(architecture: task.pretrained.architecture, layers: (phase.frozen?.layers ?? []) + outcome.learning.layers)
    let inference = try inferenceCost(joined, task: task, steps: steps)
    let result = ReplayRunResult(
      method: method.name, heldOutClass: task.newClass, seed: seed, steps: steps,
      oldAccuracy: final.accuracy(where: isOld), newAccuracy: final.accuracy(where: isNew),
      allAccuracy: final.accuracy(where: { isOld($0) || isNew($0) }), oldAccuracyBefore: before.accuracy,
      forgetting: before.accuracy - final.accuracy(where: isOld), bufferBytes: generated == nil ? buffer.byteCount : generatorBytes, replaySamples: replay.count,
      wallSeconds: wallSeconds, chipLatencySeconds: cost.latencySeconds.total, chipEnergyJoules: cost.energyJoules.total,
      trainingCost: cost, inferenceLatencySeconds: inference.latencySeconds, inferenceEnergyJoules: inference.energyJoules, curve: curve)
    return (result, joined)
  }

  /// Mean chip-time latency (seconds) and energy (joules) of one test sample through the exported
  /// network, over `inferenceSamples` test samples taken at an even stride.
  func inferenceCost(_ model: SpikingModel, task: ReplayTask, steps: Int) throws -> (latencySeconds: Double, energyJoules: Double) {
    guard inferenceSamples > 0 else { return (0, 0) }
    let classifier = try ChipClassifier(model: model, steps: steps, window: task.window, profile: profile)
    let samples = ChipEvaluation.evenlySpaced(task.binned(.test, steps: steps), count: inferenceSamples)
    let evaluation = try ChipEvaluation(classifier, samples: samples)
    return (evaluation.latencyPerSampleSeconds, evaluation.energyPerSampleJoules)
  }
}
