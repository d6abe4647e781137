import Foundation
import ChipDeployment
import ChipModel
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Accuracy after one class of the progressive protocol has been learned.
public struct ProgressiveStep: Sendable, Codable, Equatable {
  /// The class just learned.
  public var learnedClass: Int
  /// Classes known after this step.
  public var classes: Int
  /// Accuracy (fraction) on every known class's test samples.
  public var allAccuracy: Double
  /// Accuracy (fraction) on the classes known before this step.
  public var oldAccuracy: Double
  /// Accuracy (fraction) on the class just learned.
  public var newAccuracy: Double
}

/// One method through the whole progressive protocol with one seed.
public struct ProgressiveRun: Sendable, Codable {
  /// The method's name.
  public var method: String
  /// The seed.
  public var seed: UInt64
  /// One entry per added class.
  public var steps: [ProgressiveStep]
  /// The replay buffer's size at the end, bytes.
  public var finalBufferBytes: Int
  /// Wall time on this machine, seconds.
  public var wallSeconds: Double
  /// Every phase priced on the chip: latency, seconds.
  public var chipLatencySeconds: Double
  /// Every phase priced on the chip: energy, joules.
  public var chipEnergyJoules: Double
}

/// The progressive protocol (SpikingLR's multi-class experiment): a backbone pre-trained on some
/// classes learns the others one at a time, replaying every class it knows; the replay buffer grows
/// by each class once it has been learned.
public struct ProgressiveExperiment: Sendable {
  /// The spike dataset.
  public var dataset: SpikeDataset
  /// The backbone pre-trained on `initialClasses`.
  public var pretrained: SpikingModel
  /// Classes the backbone knows.
  public var initialClasses: [Int]
  /// Classes learned one at a time, in order.
  public var addedClasses: [Int]
  /// The chip the phases are priced on.
  public var runner: ReplayRunner

  /// A protocol over `dataset`.
  public init(dataset: SpikeDataset, pretrained: SpikingModel, initialClasses: [Int], addedClasses: [Int], runner: ReplayRunner) {
    self.dataset = dataset
    self.pretrained = pretrained
    self.initialClasses = initialClasses
    self.addedClasses = addedClasses
    self.runner = runner
  }

  /// Learns `addedClasses` one at a time with `method`, replaying every class known so far.
  /// - Parameter progress: told about each learned class.
  /// - Throws: `SpikelineError` for invalid settings or too few samples for the buffer.
  public func run(_ method: ReplayMethod, seed: UInt64, progress: ((ProgressiveStep) -> Void)? = nil) throws -> ProgressiveRun {
    var (phase, learning) = try ContinualPhase.split(pretrained, method: method)
    let task = try ReplayTask(dataset: dataset, pretrained: pretrained, newClass: addedClasses.first ?? 0, oldClasses: initialClasses)
    let k = method.latentLayer, steps = method.steps
    let trainLatents = task.latents(.train, steps: steps, latentLayer: k)
    let testLatents = task.latents(.test, steps: steps, latentLayer: k)
    var buffer = LatentBuffer()
    if method.kind == .latentReplay {
      for label in initialClasses { try buffer.store(classOf: label, from: trainLatents, method: method, seed: seed) }
    }
    var known = initialClasses
    var records: [ProgressiveStep] = []
    var operations = OperationCount()
    var memoryWords = 0
    let start = Date()
    for newClass in addedClasses {
      phase.resetReadout(of: &learning, newClass: newClass, seed: seed)
      let (newLatents, frozenOperations) = phase.latents(of: task.binned(.train, steps: steps).filter { $0.label == newClass })
      operations += frozenOperations
      let replay = buffer.decompressed(steps: steps)
      let knownNow = known + [newClass]
      let trainingSet = phase.trainingSet(new: newLatents, replay: replay, known: { trainLatents.filter { knownNow.contains($0.label) } })
      let traffic = ReplayTraffic(count: replay.count, bufferBytes: buffer.byteCount, generated: false,
                                  latentNeurons: newLatents.first?.channels ?? 0, steps: steps)
      let outcome = try phase.train(learning, on: trainingSet, trainingSeed: seed &+ UInt64(newClass), orderSeed: seed &+ UInt64(newClass), replay: traffic)
      learning = outcome.learning
      operations += outcome.operations
      memoryWords += outcome.memoryWords
      known = knownNow
      let evaluation = SpikingTrainer.evaluate(learning, testLatents.filter { known.contains($0.label) })
      let record = ProgressiveStep(learnedClass: newClass, classes: known.count, allAccuracy: evaluation.accuracy,
                                   oldAccuracy: evaluation.accuracy { $0 != newClass }, newAccuracy: evaluation.accuracy { $0 == newClass })
      records.append(record)
      progress?(record)
      if method.kind == .latentReplay { try buffer.store(classOf: newClass, from: trainLatents, method: method, seed: seed) }
    }
    let cost = try TrainingCostReport(workload: TrainingWorkload(operations, memoryWords: memoryWords), profile: runner.profile)
    return ProgressiveRun(method: method.name, seed: seed, steps: records, finalBufferBytes: buffer.byteCount,
                          wallSeconds: Date().timeIntervalSince(start), chipLatencySeconds: cost.latencySeconds.total,
                          chipEnergyJoules: cost.energyJoules.total)
  }
}
