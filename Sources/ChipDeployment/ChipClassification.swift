import ChipModel

/// What one sample did on the chip: the class scores by the model's readout rule, the predicted
/// class, and the chip's counts, energy (joules) and latency (seconds) for that sample.
public struct ChipClassification: Sendable {
  /// One score per class, in the readout's units (potential or spike count).
  public var scores: [Float]
  /// The class with the highest score (the lowest index on a tie).
  public var predictedClass: Int
  /// The chip cost of this sample alone.
  public var report: ChipReport

  /// Energy of the sample, joules.
  public var energyJoules: Double { report.total.energyJoules.total }
  /// Latency of the sample on the chip, seconds (0 if the report has none).
  public var latencySeconds: Double { report.total.latencySeconds ?? 0 }
}
