import ChipModel
import SpikeTraining

/// Old- and new-class accuracy after one epoch of the continual-learning phase (on the test split).
public struct EpochCurve: Sendable, Codable, Equatable {
  /// The epoch, 1-based.
  public var epoch: Int
  /// Old-class accuracy (fraction).
  public var oldAccuracy: Double
  /// New-class accuracy (fraction).
  public var newAccuracy: Double
  /// Mean training loss of the epoch.
  public var loss: Double
}

/// What one method did on one held-out class with one seed.
public struct ReplayRunResult: Sendable, Codable {
  /// The method's name.
  public var method: String
  /// The class learned.
  public var heldOutClass: Int
  /// The seed.
  public var seed: UInt64
  /// Time steps T of the phase.
  public var steps: Int
  /// Old-class accuracy (fraction) on the evaluation samples after learning.
  public var oldAccuracy: Double
  /// New-class accuracy (fraction).
  public var newAccuracy: Double
  /// Accuracy on old and new classes together (fraction).
  public var allAccuracy: Double
  /// Old-class accuracy of the pre-trained model at this method's T, before learning.
  public var oldAccuracyBefore: Double
  /// oldAccuracyBefore − oldAccuracy.
  public var forgetting: Double
  /// Bytes of the replay buffer (or of the generator's parameters).
  public var bufferBytes: Int
  /// Replayed trains per epoch.
  public var replaySamples: Int
  /// Seconds the phase took on this machine (new-class latents and training).
  public var wallSeconds: Double
  /// The phase's chip latency, seconds.
  public var chipLatencySeconds: Double
  /// The phase's chip energy, joules.
  public var chipEnergyJoules: Double
  /// The phase's chip cost, part by part.
  public var trainingCost: TrainingCostReport
  /// Latency of one test sample through the exported network in chip time, seconds.
  public var inferenceLatencySeconds: Double
  /// Energy of one test sample on the chip, joules.
  public var inferenceEnergyJoules: Double
  /// Accuracy after each epoch (empty unless curves were recorded).
  public var curve: [EpochCurve]
}
