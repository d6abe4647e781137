/// A point of a piecewise-linear table of per-timestep synchronisation time against the number of
/// chips taking part.
public struct SynchronisationPoint: Codable, Sendable, Equatable {
  /// Chips taking part in the timestep's barrier.
  public var chips: Int
  /// Synchronisation and housekeeping time per timestep, seconds.
  public var seconds: Double

  /// A table point.
  public init(chips: Int, seconds: Double) {
    self.chips = chips
    self.seconds = seconds
  }
}
