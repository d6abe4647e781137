import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport

/// One continual-learning phase of a replay method: the new class's samples pass through the
/// frozen layers to become latent spike trains, then the learning layers are trained on them
/// (with replayed latents, for latent replay) while the method's threshold and learning-rate
/// schedules run. `ReplayRunner` runs one phase per task; `ProgressiveExperiment` one per added class.
struct ContinualPhase {
  /// What the phase did: the learned layers, the operations it counted, and the 32-bit words it moved
  /// outside the network.
  struct Outcome {
    var learning: SpikingModel
    var operations: OperationCount
    var memoryWords: Int
  }

  let method: ReplayMethod
  /// Layers below the latent layer (nil when the inputs themselves are replayed).
  let frozen: SpikingModel?
  /// The learning layers' pre-trained thresholds: the schedule's multiples apply to these in every
  /// phase, so successive phases do not compound it.
  let baseThresholds: [Float]

  /// Splits `pretrained` at the method's latent layer: the frozen part and the phase.
  /// - Returns: the phase and the learning layers it will train.
  static func split(_ pretrained: SpikingModel, method: ReplayMethod) throws -> (phase: ContinualPhase, learning: SpikingModel) {
    let errors = method.validationErrors(layers: pretrained.layers.count)
    if let first = errors.first { throw errors.count == 1 ? first : SpikelineErrors(errors) }
    let k = method.latentLayer
    let learning = pretrained.slice(k..<pretrained.layers.count)
    let phase = ContinualPhase(method: method, frozen: k > 0 ? pretrained.slice(0..<k) : nil, baseThresholds: learning.layers.map(\.threshold))
    return (phase, learning)
  }

  /// Re-initialises the new class's readout column, small and random (SpikingLR's rule), drawn from
  /// the stream "new-class-weights" of `seed`.
  func resetReadout(of learning: inout SpikingModel, newClass: Int, seed: UInt64) {
    var generator = SeededGenerator(seed: seed, stream: "new-class-weights", index: newClass)
    let readout = learning.layers.count - 1
    let outputs = learning.layers[readout].outputs
    for i in 0..<learning.layers[readout].inputs {
      learning.layers[readout].feedforward[i * outputs + newClass] =
        Float(generator.normal(mean: Double(method.newClassWeightMean), standardDeviation: Double(method.newClassWeightStandardDeviation)))
    }
  }

  /// The new class's binned samples as latent trains of the last frozen layer, with the operations
  /// that took (the samples themselves when nothing is frozen).
  func latents(of samples: [BinnedSample]) -> (trains: [BinnedSample], operations: OperationCount) {
    guard let frozen else { return (samples, OperationCount()) }
    return frozen.spikeTrains(samples, layer: method.latentLayer - 1)
  }

  /// What the learning layers train on: new latents plus replay (latent replay), new latents only
  /// (naive), or every known class's full latents (joint).
  func trainingSet(new: [BinnedSample], replay: [BinnedSample], known: () -> [BinnedSample]) -> [BinnedSample] {
    switch method.kind {
    case .latentReplay: return new + replay
    case .naive: return new
    case .joint: return known()
    }
  }

  /// Trains `learning` on `trainingSet` for the method's epochs.
  /// - Parameters:
  ///   - trainingSeed: seeds the trainer (shuffling, augmentation).
  ///   - orderSeed: seeds SpikingLR's one-class batches when the method asks for them.
  ///   - replay: what was replayed, for the memory traffic: the trains, the stored buffer's bytes,
  ///     whether they were generated rather than stored, and the latent width in neurons.
  ///   - epochEnded: called after each epoch with the trainer and its record.
  func train(_ learning: SpikingModel, on trainingSet: [BinnedSample], trainingSeed: UInt64, orderSeed: UInt64,
             replay: ReplayTraffic, epochEnded: ((SpikingTrainer, EpochRecord) -> Void)? = nil) throws -> Outcome {
    let settings = TrainingSettings(
      epochs: method.epochs, batchSize: method.batchSize, learningRate: method.learningRate * method.learningRateStart,
      optimizer: .adamDefault, schedule: .linear(end: method.learningRateEnd / method.learningRateStart), seed: trainingSeed)
    let trainer = try SpikingTrainer(model: learning, settings: settings)
    let method = self.method, baseThresholds = self.baseThresholds
    trainer.beforeEpoch = { trainer in
      let factor = method.thresholdFactor(epoch: trainer.epoch)
      trainer.updateModel { model in
        for l in model.layers.indices where model.layers[l].isSpiking { model.layers[l].threshold = baseThresholds[l] * factor }
      }
    }
    if method.singleClassBatches {
      trainer.epochOrder = { _, epoch in Self.singleClassOrder(trainingSet, batchSize: method.batchSize, seed: orderSeed, epoch: epoch) }
    }
    try trainer.train(trainingSet, report: { record in epochEnded?(trainer, record) })
    return Outcome(learning: trainer.model, operations: trainer.operations, memoryWords: replay.memoryWords(method: method))
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
