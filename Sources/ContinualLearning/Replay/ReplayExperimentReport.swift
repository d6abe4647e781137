import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport

/// The full report of `spikeline replay4ncl`.
public struct ReplayExperimentReport: Sendable, Codable {
  /// The dataset's path.
  public var dataset: String
  /// "class-incremental 19 + 1".
  public var protocolName: String
  /// Classes learned one per run.
  public var heldOutClasses: [Int]
  /// Seeds per held-out class.
  public var seeds: [UInt64]
  /// The chip profile's name.
  public var profile: String
  /// One summary per method, in the order run.
  public var methods: [MethodSummary]
  /// Replay4NCL against SpikingLR (nil unless both ran).
  public var comparison: ReplayComparison?
  /// Every method's settings.
  public var settings: [ReplayMethod]
  /// Every run.
  public var runs: [ReplayRunResult]
}

/// Replay4NCL against SpikingLR, as the paper reports and as measured here.
public struct ReplayComparison: Sendable, Codable {
  /// The quantities the paper's abstract states.
  public struct Claims: Sendable, Codable {
    /// SpikingLR's old-class accuracy (fraction).
    public var oldAccuracySpikingLR: Double
    /// Replay4NCL's old-class accuracy (fraction).
    public var oldAccuracyReplay4NCL: Double
    /// Continual-learning latency, SpikingLR / Replay4NCL.
    public var latencySpeedup: Double
    /// Replay buffer saved, 1 − Replay4NCL / SpikingLR.
    public var memorySaving: Double
    /// Continual-learning energy saved, 1 − Replay4NCL / SpikingLR.
    public var energySaving: Double
  }
  /// Minhas et al., DAC 2025 (arXiv 2503.17061), abstract.
  public static let paper = Claims(oldAccuracySpikingLR: 0.8622, oldAccuracyReplay4NCL: 0.9043, latencySpeedup: 4.88,
                                   memorySaving: 0.20, energySaving: 0.3643)
  /// The paper's values.
  public var paper: Claims
  /// The same quantities measured here (means over runs).
  public var measured: Claims
  /// Continual-learning wall time here, SpikingLR / Replay4NCL.
  public var wallTimeSpeedup: Double
  /// Inference per sample on the chip, SpikingLR / Replay4NCL.
  public var inferenceLatencySpeedup: Double
  /// Inference energy per sample saved, 1 − Replay4NCL / SpikingLR.
  public var inferenceEnergySaving: Double
}

/// One method averaged over held-out classes and seeds: the `methods` entries of the JSON report.
public struct MethodSummary: Sendable, Codable {
  /// The method's name.
  public var name: String
  /// Time steps T of its phase.
  public var steps: Int
  /// Runs averaged (held-out classes × seeds).
  public var runs: Int
  /// Old-class accuracy (fraction), mean and std.
  public var oldAccuracy: Double, oldAccuracyStd: Double
  /// New-class accuracy (fraction), mean and std.
  public var newAccuracy: Double, newAccuracyStd: Double
  /// Accuracy on all classes (fraction), mean and std.
  public var allAccuracy: Double, allAccuracyStd: Double
  /// Old-class accuracy lost (fraction), mean and std.
  public var forgetting: Double, forgettingStd: Double
  /// Replay buffer (or generator) bytes, mean and std.
  public var bufferBytes: Double, bufferBytesStd: Double
  /// Wall time of the phase here, seconds, mean and std.
  public var wallSeconds: Double, wallSecondsStd: Double
  /// Chip latency of the phase, seconds, mean and std.
  public var chipLatencySeconds: Double, chipLatencySecondsStd: Double
  /// Chip energy of the phase, joules, mean and std.
  public var chipEnergyJoules: Double, chipEnergyJoulesStd: Double
  /// Chip latency per inference sample, seconds, mean and std.
  public var inferenceLatencySeconds: Double, inferenceLatencySecondsStd: Double
  /// Chip energy per inference sample, joules, mean and std.
  public var inferenceEnergyJoules: Double, inferenceEnergyJoulesStd: Double

  init(name: String, runs: [ReplayRunResult]) {
    self.name = name
    steps = runs.first?.steps ?? 0
    self.runs = runs.count
    func stat(_ f: (ReplayRunResult) -> Double) -> Statistic { Statistic(runs.map(f)) }
    (oldAccuracy, oldAccuracyStd) = pair(stat(\.oldAccuracy))
    (newAccuracy, newAccuracyStd) = pair(stat(\.newAccuracy))
    (allAccuracy, allAccuracyStd) = pair(stat(\.allAccuracy))
    (forgetting, forgettingStd) = pair(stat(\.forgetting))
    (bufferBytes, bufferBytesStd) = pair(stat { Double($0.bufferBytes) })
    (wallSeconds, wallSecondsStd) = pair(stat(\.wallSeconds))
    (chipLatencySeconds, chipLatencySecondsStd) = pair(stat(\.chipLatencySeconds))
    (chipEnergyJoules, chipEnergyJoulesStd) = pair(stat(\.chipEnergyJoules))
    (inferenceLatencySeconds, inferenceLatencySecondsStd) = pair(stat(\.inferenceLatencySeconds))
    (inferenceEnergyJoules, inferenceEnergyJoulesStd) = pair(stat(\.inferenceEnergyJoules))
  }
}

private func pair(_ s: Statistic) -> (Double, Double) { (s.mean, s.std) }
