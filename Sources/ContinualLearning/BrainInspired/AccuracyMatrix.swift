/// The accuracy matrix R of a continual-learning run and the standard metrics derived from it
/// (Lopez-Paz & Ranzato 2017; Chaudhry et al. 2018): R[i][j] is the test accuracy on task j after
/// learning tasks 1…i (fractions).
public struct AccuracyMatrix: Sendable, Equatable, Codable {
  /// Task names, in learning order.
  public var tasks: [String]
  /// Row i: accuracies on every task after learning task i.
  public var rows: [[Double]] = []
  /// Accuracies on every task before any training (for forward transfer).
  public var initial: [Double] = []

  /// A matrix over `tasks`.
  public init(tasks: [String], rows: [[Double]] = [], initial: [Double] = []) {
    self.tasks = tasks
    self.rows = rows
    self.initial = initial
  }

  var count: Int { rows.count }

  /// Average accuracy over the tasks seen so far after learning task i (0-based): (1/(i+1)) Σ_{j≤i} R[i][j].
  public func averageAccuracy(after i: Int) -> Double {
    rows[i][0...i].reduce(0, +) / Double(i + 1)
  }

  /// ACC: the final average accuracy over all tasks.
  public var averageAccuracy: Double { count == 0 ? 0 : rows[count - 1][0..<count].reduce(0, +) / Double(count) }

  /// BWT = (1/(T−1)) Σ_{j<T} (R[T][j] − R[j][j]); negative means forgetting.
  public var backwardTransfer: Double {
    guard count > 1 else { return 0 }
    var sum = 0.0
    for j in 0..<(count - 1) { sum += rows[count - 1][j] - rows[j][j] }
    return sum / Double(count - 1)
  }

  /// Forgetting: (1/(T−1)) Σ_{j<T} (max_{l<T} R[l][j] − R[T][j]).
  public var forgetting: Double {
    guard count > 1 else { return 0 }
    var sum = 0.0
    for j in 0..<(count - 1) {
      var best = rows[j][j]
      for l in j..<(count - 1) { best = max(best, rows[l][j]) }
      sum += best - rows[count - 1][j]
    }
    return sum / Double(count - 1)
  }

  /// FWT = (1/(T−1)) Σ_{j≥2} (R[j−1][j] − b_j), b the accuracy at initialisation.
  public var forwardTransfer: Double {
    guard count > 1, initial.count >= count else { return 0 }
    var sum = 0.0
    for j in 1..<count { sum += rows[j - 1][j] - initial[j] }
    return sum / Double(count - 1)
  }
}
