import Foundation
import SpikeData
import SpikelineSupport

/// Trains a `SpikingModel` with mini-batch surrogate-gradient BPTT.
///
/// A batch is cut into work units of `chunkSize` samples; units run in parallel, each adding its
/// gradient into its own buffer, and the buffers are summed in unit order. The result therefore
/// does not depend on the number of threads. Shuffling draws from (seed, epoch), so a run resumed
/// from a checkpoint at batch b of epoch e continues exactly as the uninterrupted run would.
public final class SpikingTrainer: @unchecked Sendable {
  /// The model as trained so far.
  public private(set) var model: SpikingModel
  /// How it is trained.
  public let settings: TrainingSettings
  /// The optimiser's state.
  public private(set) var optimizer: Optimizer
  /// Operations of all training so far (forward, backward, updates).
  public private(set) var operations = OperationCount()
  /// The next epoch and batch to run.
  public internal(set) var epoch = 0
  /// The next batch of the epoch.
  public internal(set) var batchInEpoch = 0
  /// One record per finished epoch.
  public internal(set) var history: [EpochRecord] = []
  /// Classes the softmax is normalised over (nil: all).
  public var activeClasses: [Int]?
  /// Worker threads (nil: `DeterministicParallel.threadCount`); results do not depend on it.
  public var threads: Int?
  /// Samples back-propagated in lockstep within a work unit (nil: `SpikingModel.lockstepSamples`);
  /// results do not depend on it.
  var lockstepSamples: Int?
  /// Called after each batch (for checkpoints); return false to stop.
  public var afterBatch: ((SpikingTrainer) throws -> Bool)?
  /// Called before each epoch starts (e.g. to follow a threshold schedule with `updateModel`).
  public var beforeEpoch: ((SpikingTrainer) -> Void)?
  /// Orders an epoch's samples (default: `order(count:epoch:)`); e.g. single-class batches.
  public var epochOrder: ((SpikingTrainer, Int) -> [Int])?

  /// Changes the model being trained (thresholds, re-initialised outputs); the optimiser keeps its state.
  public func updateModel(_ change: (inout SpikingModel) -> Void) { change(&model) }

  var epochLoss = 0.0, epochCorrect = 0, epochSamples = 0
  /// Workspaces and per-unit gradients reused from batch to batch.
  var scratch: TrainingScratch?

  /// A trainer of `model` with `settings`.
  /// - Throws: `SpikelineError` naming the first invalid setting.
  public init(model: SpikingModel, settings: TrainingSettings) throws {
    if let error = settings.validationErrors().first { throw error }
    if settings.lowestTrainableLayer >= model.layers.count {
      throw SpikelineError.field("lowestTrainableLayer", "is \(settings.lowestTrainableLayer) but the model has \(model.layers.count) layers")
    }
    self.model = model
    self.settings = settings
    optimizer = Optimizer(kind: settings.optimizer, parameterCount: model.parameterCount, weightDecay: settings.weightDecay,
                          gradientClipNorm: settings.gradientClipNorm)
  }

  /// Restores a trainer from a checkpoint's state.
  public init(model: SpikingModel, settings: TrainingSettings, optimizer: Optimizer, epoch: Int, batchInEpoch: Int,
              history: [EpochRecord], operations: OperationCount) {
    self.model = model
    self.settings = settings
    self.optimizer = optimizer
    self.epoch = epoch
    self.batchInEpoch = batchInEpoch
    self.history = history
    self.operations = operations
  }

  /// The sample order of an epoch.
  public func order(count: Int, epoch: Int) -> [Int] {
    var order = Array(0..<count)
    guard settings.shuffle else { return order }
    var generator = SeededGenerator(seed: settings.seed, stream: "shuffle", index: epoch)
    generator.shuffle(&order)
    return order
  }

  /// The learning rate now.
  public func learningRate(progress: Double = 0) -> Float {
    settings.schedule.rate(base: settings.learningRate, epoch: epoch, epochs: max(settings.epochs, 1), progress: progress)
  }

  /// One optimiser step on `batch`. - Returns: (summed loss, correct predictions).
  @discardableResult
  public func trainBatch(_ batch: [BinnedSample], learningRate: Float) -> (loss: Double, correct: Int) {
    guard let steps = batch.first?.steps else { return (0, 0) }
    let model = self.model, layout = model.layout, lowest = settings.lowestTrainableLayer
    let chunk = settings.chunkSize, units = (batch.count + chunk - 1) / chunk
    let active = activeClasses
    let regularization = settings.rateRegularization
    let group = max(1, min(lockstepSamples ?? SpikingModel.lockstepSamples, chunk))
    let threadCount = threads ?? DeterministicParallel.threadCount
    let scratch: TrainingScratch
    if let kept = self.scratch, kept.fits(model, steps: steps) {
      scratch = kept
    } else {
      scratch = TrainingScratch(model: model, steps: steps)
      self.scratch = scratch
    }
    scratch.reserve(workers: min(max(1, threadCount), units), group: group, units: units, model: model)
    let transposes = scratch.transposes
    transposes.refresh(from: model)
    // Per unit: its loss, correct predictions and operations; its gradient goes to `scratch.gradientSum`.
    let slots = UnsafeMutablePointer<(loss: Double, correct: Int, operations: OperationCount)>.allocate(capacity: units)
    slots.initialize(repeating: (0, 0, OperationCount()), count: units)
    defer { slots.deinitialize(count: units); slots.deallocate() }
    let writes = DisjointWrites(base: slots)
    DeterministicParallel.forEachOnWorkers(units, threads: threadCount) { unit, worker in
      let workspaces = scratch.workspaces[worker]
      let gradient = scratch.gradientSum.buffer()
      var loss = 0.0, correct = 0
      var counter = OperationCount()
      let end = min((unit + 1) * chunk, batch.count)
      var index = unit * chunk
      while index < end {
        let members = Array(batch[index..<min(index + group, end)])
        let outcomes = model.lossesAndGradient(members, workspaces: workspaces, gradient: gradient.pointer, layout: layout, lowest: lowest,
                                               activeClasses: active, regularization: regularization, transposes: transposes,
                                               counter: &counter)
        for (sample, outcome) in zip(members, outcomes) {
          loss += Double(outcome.loss)
          if ReadoutMode.predictedClass(outcome.scores, among: active) == sample.label { correct += 1 }
        }
        index += members.count
      }
      writes.base[unit] = (loss, correct, counter)
      scratch.gradientSum.finish(unit: unit, gradient)
    }
    // Summed in unit order, so the result does not depend on the thread count.
    let sum = scratch.gradientSum
    precondition(sum.added == units, "\(units - sum.added) work units' gradients were not summed")
    var loss = slots[0].loss, correct = slots[0].correct
    operations += slots[0].operations
    for unit in 1..<units {
      loss += slots[unit].loss; correct += slots[unit].correct
      operations += slots[unit].operations
    }
    let scale = 1 / Float(batch.count)
    let total = [Float](unsafeUninitializedCapacity: sum.count) { buffer, initialized in
      for i in 0..<sum.count { buffer[i] = sum.total.pointer[i] * scale }
      initialized = sum.count
    }
    var parameters = self.model.flatParameters()
    let range = self.model.parameterRange(fromLayer: lowest)
    optimizer.apply(total, to: &parameters, range: range, learningRate: learningRate)
    operations.weightUpdates += range.count
    self.model.setFlatParameters(parameters)
    return (loss, correct)
  }


  /// Trains until `settings.epochs` epochs are done (continuing a resumed run), evaluating on `test`
  /// after each epoch; `report` receives each finished epoch.
  public func train(_ samples: [BinnedSample], test: [BinnedSample] = [], report: ((EpochRecord) -> Void)? = nil,
                    batchProgress: ((Int, Int) -> Void)? = nil) throws {
    let batches = (samples.count + settings.batchSize - 1) / settings.batchSize
    while epoch < settings.epochs {
      if batchInEpoch == 0 { beforeEpoch?(self) }
      let order = epochOrder?(self, epoch) ?? self.order(count: samples.count, epoch: epoch)
      let start = Date()
      if batchInEpoch == 0 { epochLoss = 0; epochCorrect = 0; epochSamples = 0 }
      // Samples of this epoch before a resume took no time in this run: the rate counts only the rest.
      let samplesBefore = epochSamples
      // When the run's first batch of this epoch ended, and the samples by then (for the steady rate).
      var warm: (time: Date, samples: Int)?
      while batchInEpoch < batches {
        let indices = order[(batchInEpoch * settings.batchSize)..<min((batchInEpoch + 1) * settings.batchSize, samples.count)]
        let rate = learningRate(progress: Double(batchInEpoch) / Double(batches))
        let augmentation = settings.augmentation, seed = settings.seed, epoch = self.epoch
        let batch = indices.map { augmentation.apply(samples[$0], seed: seed, epoch: epoch, index: $0) }
        let (loss, correct) = trainBatch(batch, learningRate: rate)
        epochLoss += loss; epochCorrect += correct; epochSamples += indices.count
        batchInEpoch += 1
        if warm == nil { warm = (Date(), epochSamples) }
        batchProgress?(batchInEpoch, batches)
        if let afterBatch, try !afterBatch(self) { return }
      }
      let end = Date()
      let seconds = end.timeIntervalSince(start)
      let steady = warm.flatMap { warm in
        epochSamples > warm.samples ? Double(epochSamples - warm.samples) / max(end.timeIntervalSince(warm.time), 1e-9) : nil
      }
      let testAccuracy = test.isEmpty ? nil : evaluate(test).accuracy
      let record = EpochRecord(epoch: epoch + 1, loss: epochLoss / Double(max(epochSamples, 1)),
                               trainAccuracy: Double(epochCorrect) / Double(max(epochSamples, 1)), testAccuracy: testAccuracy,
                               learningRate: Double(learningRate()), seconds: seconds,
                               samplesPerSecond: Double(epochSamples - samplesBefore) / max(seconds, 1e-9),
                               steadySamplesPerSecond: steady)
      history.append(record)
      epoch += 1
      batchInEpoch = 0
      report?(record)
      if let afterBatch, try !afterBatch(self) { return }
    }
  }

  /// Accuracy and mean loss of the current model on `samples` (forward passes only).
  public func evaluate(_ samples: [BinnedSample]) -> Evaluation {
    SpikingTrainer.evaluate(model, samples, activeClasses: activeClasses, chunkSize: settings.chunkSize)
  }

  /// Accuracy and mean loss of `model` on `samples`, in parallel, deterministic.
  public static func evaluate(_ model: SpikingModel, _ samples: [BinnedSample], activeClasses: [Int]? = nil, chunkSize: Int = 8) -> Evaluation {
    guard let steps = samples.first?.steps else { return Evaluation(accuracy: 0, loss: 0, predictions: [], labels: []) }
    let units = (samples.count + chunkSize - 1) / chunkSize
    let layout = model.layout
    let parts: [[(Int, Float)]] = DeterministicParallel.map(units) { unit in
      let workspace = SpikingWorkspace(model: model, steps: steps)
      var counter = OperationCount()
      return ((unit * chunkSize)..<min((unit + 1) * chunkSize, samples.count)).map { index in
        let sample = samples[index]
        let (loss, scores) = model.lossAndGradient(sample, label: sample.label, workspace: workspace, gradient: nil, layout: layout,
                                                   lowest: model.layers.count, activeClasses: activeClasses, counter: &counter)
        return (ReadoutMode.predictedClass(scores, among: activeClasses), loss)
      }
    }
    let flat = parts.flatMap { $0 }
    let predictions = flat.map(\.0)
    let labels = samples.map(\.label)
    let correct = zip(predictions, labels).filter { $0 == $1 }.count
    return Evaluation(accuracy: Double(correct) / Double(samples.count), loss: flat.reduce(0) { $0 + Double($1.1) } / Double(samples.count),
                      predictions: predictions, labels: labels)
  }
}
