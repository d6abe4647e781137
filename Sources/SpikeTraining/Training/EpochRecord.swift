import SpikelineSupport

/// What one epoch did.
public struct EpochRecord: Sendable, Equatable, Codable {
  public var epoch: Int
  public var loss: Double
  public var trainAccuracy: Double
  public var testAccuracy: Double?
  public var learningRate: Double
  public var seconds: Double
  public var samplesPerSecond: Double
}
