import Foundation
import SpikeTraining
import SpikelineSupport

/// One run's results: the accuracy matrix and what it cost.
public struct ContinualRunResult: Sendable {
  public var method: String
  public var matrix: AccuracyMatrix
  /// Bytes kept to fight forgetting: the sample buffer, the generator's parameters beyond the classifier,
  /// or a regulariser's importance and anchor values.
  public var memoryBytes: Int
  public var wallSeconds: Double
}
