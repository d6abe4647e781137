import SpikelineSupport

/// What one epoch did.
public struct EpochRecord: Sendable, Equatable, Codable {
  /// The epoch, 1-based.
  public var epoch: Int
  /// Mean loss over the epoch's samples.
  public var loss: Double
  /// Accuracy (fraction) on the training samples during the epoch.
  public var trainAccuracy: Double
  /// Accuracy (fraction) on the test samples after the epoch (nil without test samples).
  public var testAccuracy: Double?
  /// The learning rate at the end of the epoch.
  public var learningRate: Double
  /// Wall time of the epoch, seconds.
  public var seconds: Double
  /// Training throughput, samples per second of wall time.
  public var samplesPerSecond: Double
  /// Training throughput after the epoch's first batch in this run (which also sets up the
  /// workspaces), samples per second of wall time: how peers that skip a warm-up batch time
  /// themselves. Nil for an epoch of one batch.
  public var steadySamplesPerSecond: Double? = nil
}
