import SpikelineSupport

/// Accuracy and loss of a model on some samples.
public struct Evaluation: Sendable, Equatable {
  /// Fraction of samples classified correctly.
  public var accuracy: Double
  /// Mean loss.
  public var loss: Double
  /// The predicted class of each sample.
  public var predictions: [Int]
  /// The true class of each sample.
  public var labels: [Int]

  /// Accuracy on the samples whose label satisfies `include`.
  public func accuracy(where include: (Int) -> Bool) -> Double {
    var correct = 0, total = 0
    for (p, y) in zip(predictions, labels) where include(y) {
      total += 1
      if p == y { correct += 1 }
    }
    return total > 0 ? Double(correct) / Double(total) : 0
  }
}
