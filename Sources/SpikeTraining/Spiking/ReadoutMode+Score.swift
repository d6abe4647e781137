extension ReadoutMode {
  /// The class score of one output unit: the one readout rule that training, evaluation and chip
  /// inference share, so that a model scores a sample the same way wherever it runs.
  ///
  /// - Parameters:
  ///   - steps: time steps of the sample (ticks on a chip).
  ///   - potential: the unit's membrane potential at step t, in the model's units.
  ///   - spikes: the unit's spike output at step t (1 or 0; smooth in gradient-check mode).
  /// - Returns: the score and, for `.maxMembrane`, the first step at which the maximum was reached
  ///   (0 for the other modes), which the backward pass routes the gradient through.
  /// - Complexity: O(`steps`).
  @inlinable
  public func score(steps: Int, potential: (Int) -> Float, spikes: (Int) -> Float) -> (score: Float, peakStep: Int) {
    switch self {
    case .maxMembrane:
      var best = -Float.infinity, bestStep = 0
      for t in 0..<steps {
        let value = potential(t)
        if value > best { best = value; bestStep = t }
      }
      return (best, bestStep)
    case .meanMembrane:
      var sum: Float = 0
      for t in 0..<steps { sum += potential(t) }
      return (sum / Float(steps), 0)
    case .spikeCount:
      var sum: Float = 0
      for t in 0..<steps { sum += spikes(t) }
      return (sum, 0)
    }
  }

  /// The predicted class: the highest score among `active` classes (all when nil), the lowest
  /// index on a tie; 0 when there is no candidate.
  @inlinable
  public static func predictedClass(_ scores: [Float], among active: [Int]? = nil) -> Int {
    let candidates = active ?? Array(scores.indices)
    return candidates.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
  }
}
