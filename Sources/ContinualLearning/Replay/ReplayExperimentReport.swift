import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport

/// The full report of `spikeline replay4ncl`.
public struct ReplayExperimentReport: Sendable, Codable {
  public var dataset: String
  public var protocolName: String
  public var heldOutClasses: [Int]
  public var seeds: [UInt64]
  public var profile: String
  public var methods: [MethodSummary]
  public var comparison: ReplayComparison?
  public var settings: [ReplayMethod]
  public var runs: [ReplayRunResult]
}

/// Replay4NCL against SpikingLR, as the paper reports and as measured here.
public struct ReplayComparison: Sendable, Codable {
  public struct Claims: Sendable, Codable {
    public var oldAccuracySpikingLR: Double
    public var oldAccuracyReplay4NCL: Double
    public var latencySpeedup: Double
    public var memorySaving: Double
    public var energySaving: Double
  }
  /// Minhas et al., DAC 2025 (arXiv 2503.17061), abstract.
  public static let paper = Claims(oldAccuracySpikingLR: 0.8622, oldAccuracyReplay4NCL: 0.9043, latencySpeedup: 4.88,
                                   memorySaving: 0.20, energySaving: 0.3643)
  public var paper: Claims
  /// The same quantities measured here (means over runs).
  public var measured: Claims
  /// Continual-learning wall time here, SpikingLR / Replay4NCL.
  public var wallTimeSpeedup: Double
  /// Inference per sample on the chip, SpikingLR / Replay4NCL.
  public var inferenceLatencySpeedup: Double
  public var inferenceEnergySaving: Double
}

/// One method averaged over held-out classes and seeds: the `methods` entries of the JSON report.
public struct MethodSummary: Sendable, Codable {
  public var name: String
  public var steps: Int
  public var runs: Int
  public var oldAccuracy: Double, oldAccuracyStd: Double
  public var newAccuracy: Double, newAccuracyStd: Double
  public var allAccuracy: Double, allAccuracyStd: Double
  public var forgetting: Double, forgettingStd: Double
  public var bufferBytes: Double, bufferBytesStd: Double
  public var wallSeconds: Double, wallSecondsStd: Double
  public var chipLatencySeconds: Double, chipLatencySecondsStd: Double
  public var chipEnergyJoules: Double, chipEnergyJoulesStd: Double
  public var inferenceLatencySeconds: Double, inferenceLatencySecondsStd: Double
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
