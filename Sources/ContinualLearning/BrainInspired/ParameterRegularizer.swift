import SpikeTraining
import SpikelineSupport

/// EWC, online EWC and SI: a quadratic penalty pulling the classifier's parameters toward their values
/// after earlier tasks, weighted per parameter by an importance estimate.
struct ParameterRegularizer: Sendable {
  let kind: ContinualMethod.Regularizer
  let range: Range<Int>
  let method: ContinualMethod
  /// EWC: one (Fisher, anchor) per task; online EWC and SI: one (importance, anchor).
  private(set) var terms: [(importance: [Float], anchor: [Float])] = []
  // SI's running path integral and the parameters at the task's start.
  var pathIntegral: [Float] = []
  var taskStart: [Float] = []

  init(method: ContinualMethod, range: Range<Int>, initial parameters: [Float]) {
    kind = method.regularizer
    self.method = method
    self.range = range
    pathIntegral = [Float](repeating: 0, count: range.count)
    taskStart = Array(parameters[range])
  }

  /// Adds d penalty / d θ to `gradient`; returns the penalty.
  @discardableResult
  func addPenaltyGradient(parameters: [Float], to gradient: inout [Float]) -> Double {
    var penalty: Double = 0
    let strength: Float = kind == .si ? method.siStrength : method.ewcLambda
    // EWC: λ/2 Σ F (θ − θ*)²  → λ F (θ − θ*);  SI: c Σ Ω (θ − θ*)²  → 2c Ω (θ − θ*).
    let factor: Float = kind == .si ? 2 * strength : strength
    for term in terms {
      for (k, i) in range.enumerated() {
        let d = parameters[i] - term.anchor[k]
        penalty += Double((kind == .si ? strength : strength / 2) * term.importance[k] * d * d)
        gradient[i] += factor * term.importance[k] * d
      }
    }
    return penalty
  }

  /// SI: accumulates −g·Δθ for one optimiser step (g the gradient of the data loss).
  mutating func recordStep(dataGradient: [Float], before: [Float], after: [Float]) {
    guard kind == .si else { return }
    for (k, i) in range.enumerated() { pathIntegral[k] -= dataGradient[i] * (after[i] - before[i]) }
  }

  /// Closes a task. `fisher` is the diagonal Fisher estimate (EWC kinds only).
  mutating func finishTask(parameters: [Float], fisher: [Float]?) {
    let anchor = Array(parameters[range])
    switch kind {
    case .none: return
    case .ewc:
      terms.append((fisher ?? [], anchor))
    case .onlineEWC:
      let previous = terms.first?.importance ?? [Float](repeating: 0, count: range.count)
      let f = fisher ?? []
      terms = [(zip(previous, f).map { method.ewcGamma * $0 + $1 }, anchor)]
    case .si:
      var omega = terms.first?.importance ?? [Float](repeating: 0, count: range.count)
      for k in omega.indices {
        let change = anchor[k] - taskStart[k]
        omega[k] += max(0, pathIntegral[k]) / (change * change + method.siDamping)
      }
      terms = [(omega, anchor)]
      pathIntegral = [Float](repeating: 0, count: range.count)
      taskStart = anchor
    }
  }

  /// Bytes of state kept for the penalty (importance and anchor per term, 32-bit floats).
  var stateBytes: Int { terms.count * 2 * range.count * MemoryLayout<Float>.size }

  /// The diagonal empirical Fisher information of the classifier on `inputs`: the mean over samples of
  /// the squared gradient of −log p(ŷ | x), ŷ the model's own prediction among `active` units
  /// (one sample at a time, as in the EWC papers).
  static func fisher(_ network: ReplayNetwork, inputs: Matrix, active: [Int], range: Range<Int>) -> [Float] {
    var fisher = [Float](repeating: 0, count: range.count)
    var unused = SeededGenerator(seed: 0)
    for i in 0..<inputs.rows {
      let x = inputs.rows(i..<(i + 1))
      let scores = network.logits(x)
      let predicted = active.max { scores[0, $0] < scores[0, $1] }!
      let g = network.lossAndGradient(x, ReplayTargets(labels: [predicted], active: [active]), weights: .classifier(1), generator: &unused).gradient
      for (k, p) in range.enumerated() { fisher[k] += g[p] * g[p] }
    }
    let n = Float(max(inputs.rows, 1))
    return fisher.map { $0 / n }
  }
}
