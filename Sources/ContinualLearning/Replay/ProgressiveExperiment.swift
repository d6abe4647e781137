import Foundation
import ChipModel
import SpikeData
import SpikeTraining
import SpikelineSupport

/// Accuracy after one class of the progressive protocol has been learned.
public struct ProgressiveStep: Sendable, Codable, Equatable {
  public var learnedClass: Int
  /// Classes known after this step.
  public var classes: Int
  public var allAccuracy: Double
  public var oldAccuracy: Double
  public var newAccuracy: Double
}

/// One method through the whole progressive protocol with one seed.
public struct ProgressiveRun: Sendable, Codable {
  public var method: String
  public var seed: UInt64
  public var steps: [ProgressiveStep]
  public var finalBufferBytes: Int
  public var wallSeconds: Double
  public var chipLatencySeconds: Double
  public var chipEnergyJoules: Double
}

/// The progressive protocol (SpikingLR's multi-class experiment): a backbone pre-trained on some
/// classes learns the others one at a time, replaying every class it knows; the replay buffer grows
/// by each class once it has been learned.
public struct ProgressiveExperiment: Sendable {
  public var dataset: SpikeDataset
  public var pretrained: SpikingModel
  public var initialClasses: [Int]
  public var addedClasses: [Int]
  public var runner: ReplayRunner

  public init(dataset: SpikeDataset, pretrained: SpikingModel, initialClasses: [Int], addedClasses: [Int], runner: ReplayRunner) {
    self.dataset = dataset
    self.pretrained = pretrained
    self.initialClasses = initialClasses
    self.addedClasses = addedClasses
    self.runner = runner
  }

  public func run(_ method: ReplayMethod, seed: UInt64, progress: ((ProgressiveStep) -> Void)? = nil) throws -> ProgressiveRun {
    let layers = pretrained.layers.count
    let errors = method.validationErrors(layers: layers)
    if let first = errors.first { throw errors.count == 1 ? first : SpikelineErrors(errors) }
    let task = try ReplayTask(dataset: dataset, pretrained: pretrained, newClass: addedClasses.first ?? 0, oldClasses: initialClasses)
    let k = method.latentLayer, steps = method.steps
    let frozen = k > 0 ? pretrained.slice(0..<k) : nil
    var learning = pretrained.slice(k..<layers)
    let trainLatents = task.latents(.train, steps: steps, latentLayer: k)
    let testLatents = task.latents(.test, steps: steps, latentLayer: k)
    var buffer = LatentBuffer()
    func store(_ label: Int) throws {
      guard method.kind == .latentReplay else { return }
      let candidates = trainLatents.indices.filter { trainLatents[$0].label == label }
      guard method.samplesPerClass <= candidates.count else {
        throw SpikelineError.field("samplesPerClass", "the buffer asks \(method.samplesPerClass) samples of class \(label) but the training split has \(candidates.count)")
      }
      var picks = candidates
      var picker = SeededGenerator(seed: seed, stream: "replay-selection", index: label)
      picker.shuffle(&picks)
      for index in picks.prefix(method.samplesPerClass) { buffer.append(method.compression.compress(trainLatents[index])) }
    }
    for label in initialClasses { try store(label) }
    var known = initialClasses
    var records: [ProgressiveStep] = []
    var operations = OperationCount()
    var memoryWords = 0
    let baseThresholds = learning.layers.map(\.threshold)
    let start = Date()
    for newClass in addedClasses {
      var generator = SeededGenerator(seed: seed, stream: "new-class-weights", index: newClass)
      let readout = learning.layers.count - 1, outputs = learning.layers[readout].outputs
      for i in 0..<learning.layers[readout].inputs {
        learning.layers[readout].feedforward[i * outputs + newClass] =
          Float(generator.normal(mean: Double(method.newClassWeightMean), standardDeviation: Double(method.newClassWeightStandardDeviation)))
      }
      var newLatents = task.binned(.train, steps: steps).filter { $0.label == newClass }
      if let frozen {
        let (trains, frozenOperations) = frozen.spikeTrains(newLatents, layer: k - 1)
        newLatents = trains
        operations += frozenOperations
      }
      let replay = buffer.decompressed(steps: steps)
      let settings = TrainingSettings(
        epochs: method.epochs, batchSize: method.batchSize, learningRate: method.learningRate * method.learningRateStart,
        optimizer: .adamDefault, schedule: .linear(end: method.learningRateEnd / method.learningRateStart), seed: seed &+ UInt64(newClass))
      let trainer = try SpikingTrainer(model: learning, settings: settings)
      trainer.beforeEpoch = { trainer in
        let factor = method.thresholdFactor(epoch: trainer.epoch)
        trainer.updateModel { model in
          for l in model.layers.indices where model.layers[l].isSpiking { model.layers[l].threshold = baseThresholds[l] * factor }
        }
      }
      try trainer.train(newLatents + (method.kind == .latentReplay ? replay : []))
      learning = trainer.model
      operations += trainer.operations
      memoryWords += (buffer.byteCount + 3) / 4 * method.epochs
      if method.compression.window > 1 { memoryWords += replay.count * ((newLatents.first?.channels ?? 0) * steps + 31) / 32 * method.epochs }
      known.append(newClass)
      let evaluation = SpikingTrainer.evaluate(learning, testLatents.filter { known.contains($0.label) })
      let record = ProgressiveStep(learnedClass: newClass, classes: known.count, allAccuracy: evaluation.accuracy,
                                   oldAccuracy: evaluation.accuracy { $0 != newClass }, newAccuracy: evaluation.accuracy { $0 == newClass })
      records.append(record)
      progress?(record)
      try store(newClass)
    }
    var workload = TrainingWorkload(operations)
    workload.memoryWords = memoryWords
    let cost = try TrainingCostReport(workload: workload, profile: runner.profile)
    return ProgressiveRun(method: method.name, seed: seed, steps: records, finalBufferBytes: buffer.byteCount,
                          wallSeconds: Date().timeIntervalSince(start), chipLatencySeconds: cost.latencySeconds.total,
                          chipEnergyJoules: cost.energyJoules.total)
  }
}
