import SpikelineSupport

/// Accuracy and loss of a model on some samples.
public struct Evaluation: Sendable, Equatable {
  public var accuracy: Double
  public var loss: Double
  public var predictions: [Int]
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
