import ChipModel
import SpikeTraining

/// Old- and new-class accuracy after one epoch of the continual-learning phase (on the test split).
public struct EpochCurve: Sendable, Codable, Equatable {
  public var epoch: Int
  public var oldAccuracy: Double
  public var newAccuracy: Double
  public var loss: Double
}

/// What one method did on one held-out class with one seed.
public struct ReplayRunResult: Sendable, Codable {
  public var method: String
  public var heldOutClass: Int
  public var seed: UInt64
  public var steps: Int
  /// Accuracy (fractions) on the evaluation samples after learning.
  public var oldAccuracy: Double
  public var newAccuracy: Double
  public var allAccuracy: Double
  /// Old-class accuracy of the pre-trained model at this method's T, before learning.
  public var oldAccuracyBefore: Double
  /// oldAccuracyBefore − oldAccuracy.
  public var forgetting: Double
  public var bufferBytes: Int
  public var replaySamples: Int
  /// Seconds the phase took on this machine (new-class latents and training).
  public var wallSeconds: Double
  /// The phase priced on the chip profile.
  public var chipLatencySeconds: Double
  public var chipEnergyJoules: Double
  public var trainingCost: TrainingCostReport
  /// One test sample through the exported network in chip time.
  public var inferenceLatencySeconds: Double
  public var inferenceEnergyJoules: Double
  public var curve: [EpochCurve]
}
