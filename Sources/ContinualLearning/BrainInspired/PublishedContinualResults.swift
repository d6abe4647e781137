import SpikeTraining
import SpikelineSupport

/// Published MNIST results, 20 seeds, from the RtF preprint (van de Ven & Tolias, arXiv:1809.10635,
/// Tables 3–4): split MNIST (5 tasks, 2000 iterations, 2 × 400 units) and permuted MNIST (10 tasks, 5000
/// iterations, 2 × 1000 units). Percent.
public enum PublishedContinualResults {
  static let splitMNIST: [String: (task: Double, domain: Double, class: Double)] = [
    "None": (85.15, 57.33, 19.90), "EWC": (85.48, 57.80, 19.90), "Online EWC": (85.22, 57.60, 19.90), "SI": (99.14, 63.77, 20.04),
    "LwF": (99.60, 71.02, 24.17), "GR": (99.47, 95.74, 91.24), "GR+distill": (99.59, 96.94, 91.84),
    "Joint": (99.64, 98.41, 97.93),
  ]

  static let permutedMNIST: [String: (task: Double, domain: Double, class: Double)] = [
    "None": (81.79, 78.51, 17.26), "EWC": (94.74, 94.31, 25.04), "Online EWC": (95.96, 94.42, 33.88), "SI": (94.75, 95.33, 29.31),
    "LwF": (69.84, 72.64, 22.64), "GR": (92.52, 95.09, 92.19), "GR+distill": (97.51, 97.35, 96.38), "Joint": (97.68, 97.59, 97.59),
  ]

  /// The preprint's accuracy (percent) for `method` in `scenario` on split or permuted MNIST; nil if not published.
  public static func mnist(method: String, scenario: IncrementalScenario, permuted: Bool) -> Double? {
    guard let row = (permuted ? permutedMNIST : splitMNIST)[method] else { return nil }
    switch scenario {
    case .task: return row.task
    case .domain: return row.domain
    case .class: return row.class
    }
  }
}
