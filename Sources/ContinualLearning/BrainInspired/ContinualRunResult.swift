import Foundation
import SpikeTraining
import SpikelineSupport

/// One run's results: the accuracy matrix and what it cost.
public struct ContinualRunResult: Sendable {
  /// The method's name.
  public var method: String
  /// Accuracy on every task after each task.
  public var matrix: AccuracyMatrix
  /// Bytes kept to fight forgetting: the sample buffer, the generator's parameters beyond the classifier,
  /// or a regulariser's importance and anchor values.
  public var memoryBytes: Int
  /// Wall time of the run on this machine, seconds.
  public var wallSeconds: Double
}
