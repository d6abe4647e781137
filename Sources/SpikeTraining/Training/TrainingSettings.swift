import SpikelineSupport

/// How to train: epochs, batches, optimiser, schedule, seed and parallel work units.
public struct TrainingSettings: Sendable, Equatable, Codable {
  /// Passes over the training samples.
  public var epochs: Int
  /// Samples per optimiser step.
  public var batchSize: Int
  /// The optimiser's learning rate (at the start of the schedule).
  public var learningRate: Float
  /// The update rule.
  public var optimizer: OptimizerKind
  /// How the learning rate moves over the epochs.
  public var schedule: LearningRateSchedule
  /// Decoupled weight decay per step, as a fraction of the learning rate.
  public var weightDecay: Float
  /// Clip the gradient's global L2 norm to this (nil: no clipping).
  public var gradientClipNorm: Float?
  /// Seed of the shuffling (the weights have their own seed).
  public var seed: UInt64
  /// Samples per parallel work unit; fixed, so results do not depend on the number of threads.
  public var chunkSize: Int
  /// Layers below this one are frozen.
  public var lowestTrainableLayer: Int
  /// Random changes to training inputs.
  public var augmentation: Augmentation
  /// Visit the samples in a new random order every epoch (false: always in the given order).
  public var shuffle: Bool
  /// Penalty on hidden firing rates (nil: none).
  public var rateRegularization: RateRegularization?

  /// Settings; the defaults are the bundled backbones'.
  public init(epochs: Int, batchSize: Int = 64, learningRate: Float = 2e-4, optimizer: OptimizerKind = .adamaxDefault,
              schedule: LearningRateSchedule = .constant, weightDecay: Float = 0, gradientClipNorm: Float? = nil,
              seed: UInt64 = 0, chunkSize: Int = 4, lowestTrainableLayer: Int = 0, augmentation: Augmentation = .none,
              shuffle: Bool = true, rateRegularization: RateRegularization? = nil) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.learningRate = learningRate
    self.optimizer = optimizer
    self.schedule = schedule
    self.weightDecay = weightDecay
    self.gradientClipNorm = gradientClipNorm
    self.seed = seed
    self.chunkSize = chunkSize
    self.lowestTrainableLayer = lowestTrainableLayer
    self.augmentation = augmentation
    self.shuffle = shuffle
    self.rateRegularization = rateRegularization
  }

  /// Every problem with the settings, each naming its field.
  public func validationErrors() -> [SpikelineError] {
    var errors: [SpikelineError] = []
    if !(0...100_000).contains(epochs) { errors.append(.field("epochs", "must be 0...100000 (got \(epochs))")) }
    if !(1...100_000).contains(batchSize) { errors.append(.field("batchSize", "must be >= 1 (got \(batchSize))")) }
    if !(learningRate >= 0 && learningRate.isFinite && learningRate < 100) { errors.append(.field("learningRate", "must be in [0, 100) (got \(learningRate))")) }
    if !(1...1024).contains(chunkSize) { errors.append(.field("chunkSize", "must be 1...1024")) }
    if lowestTrainableLayer < 0 { errors.append(.field("lowestTrainableLayer", "must be >= 0")) }
    return errors
  }
}

/// A penalty on hidden layers' firing rates, λ·Σ_l (r_l − r*)², where r_l is the fraction of
/// (step, neuron) pairs of layer l that spike. It keeps networks sparse (cheaper on a chip, and
/// latent spike trains that survive time-window compression).
public struct RateRegularization: Sendable, Equatable, Codable {
  /// λ.
  public var strength: Float
  /// r*, the target fraction of (step, neuron) pairs that spike.
  public var target: Float
  /// A penalty of `strength` toward the firing fraction `target`.
  public init(strength: Float, target: Float) {
    self.strength = strength
    self.target = target
  }
}
