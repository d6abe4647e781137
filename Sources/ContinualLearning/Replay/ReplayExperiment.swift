import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport

/// A mean and a standard deviation (population) over runs.
public struct Statistic: Sendable, Codable, Equatable {
  public var mean: Double
  public var std: Double

  public init(_ values: [Double]) {
    let n = Double(max(values.count, 1))
    let average = values.reduce(0, +) / n
    mean = average
    std = (values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / n).squareRoot()
  }
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
    (oldAccuracy, oldAccuracyStd) = unpack(stat(\.oldAccuracy))
    (newAccuracy, newAccuracyStd) = unpack(stat(\.newAccuracy))
    (allAccuracy, allAccuracyStd) = unpack(stat(\.allAccuracy))
    (forgetting, forgettingStd) = unpack(stat(\.forgetting))
    (bufferBytes, bufferBytesStd) = unpack(stat { Double($0.bufferBytes) })
    (wallSeconds, wallSecondsStd) = unpack(stat(\.wallSeconds))
    (chipLatencySeconds, chipLatencySecondsStd) = unpack(stat(\.chipLatencySeconds))
    (chipEnergyJoules, chipEnergyJoulesStd) = unpack(stat(\.chipEnergyJoules))
    (inferenceLatencySeconds, inferenceLatencySecondsStd) = unpack(stat(\.inferenceLatencySeconds))
    (inferenceEnergyJoules, inferenceEnergyJoulesStd) = unpack(stat(\.inferenceEnergyJoules))
  }
}

private func unpack(_ s: Statistic) -> (Double, Double) { (s.mean, s.std) }

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

/// Every method on every held-out class with every seed.
public struct ReplayExperiment: Sendable {
  public var dataset: SpikeDataset
  public var datasetName: String
  /// The pre-trained model for each held-out class, by the T it was pre-trained at.
  public var pretrained: [Int: [Int: SpikingModel]]
  public var heldOutClasses: [Int]
  public var seeds: [UInt64]
  public var methods: [ReplayMethod]
  public var runner: ReplayRunner
  public var validationSpeakers: Set<Int>

  public init(dataset: SpikeDataset, datasetName: String, pretrained: [Int: [Int: SpikingModel]], heldOutClasses: [Int], seeds: [UInt64],
              methods: [ReplayMethod], runner: ReplayRunner, validationSpeakers: Set<Int> = []) {
    self.dataset = dataset
    self.datasetName = datasetName
    self.pretrained = pretrained
    self.heldOutClasses = heldOutClasses
    self.seeds = seeds
    self.methods = methods
    self.runner = runner
    self.validationSpeakers = validationSpeakers
  }

  /// Runs the grid; `progress` is told about each finished run.
  public func run(progress: ((ReplayRunResult, Int, Int) -> Void)? = nil) throws -> ReplayExperimentReport {
    var runs: [ReplayRunResult] = []
    let total = heldOutClasses.count * seeds.count * methods.count
    for heldOut in heldOutClasses {
      var tasks: [Int: ReplayTask] = [:]
      for steps in Set(methods.map(\.backboneSteps)).sorted() {
        guard let model = pretrained[heldOut]?[steps] else {
          throw SpikelineError.field("heldOutClass", "no model pre-trained at T = \(steps) without class \(heldOut)")
        }
        tasks[steps] = try ReplayTask(dataset: dataset, pretrained: model, newClass: heldOut,
                                      oldClasses: dataset.classNames.indices.filter { $0 != heldOut }, validationSpeakers: validationSpeakers)
      }
      for seed in seeds {
        for method in methods {
          guard let task = tasks[method.backboneSteps] else { continue }
          let result = try runner.run(task, method: method, seed: seed)
          runs.append(result)
          progress?(result, runs.count, total)
        }
      }
    }
    let summaries = methods.map { method in MethodSummary(name: method.name, runs: runs.filter { $0.method == method.name }) }
    return ReplayExperimentReport(dataset: datasetName, protocolName: "class-incremental 19 + 1", heldOutClasses: heldOutClasses,
                                  seeds: seeds, profile: runner.profile.name, methods: summaries,
                                  comparison: Self.compare(summaries), settings: methods, runs: runs)
  }

  static func compare(_ summaries: [MethodSummary]) -> ReplayComparison? {
    guard let baseline = summaries.first(where: { $0.name == "SpikingLR" }),
          let method = summaries.first(where: { $0.name == "Replay4NCL" }) else { return nil }
    func ratio(_ a: Double, _ b: Double) -> Double { b > 0 ? a / b : 0 }
    func saving(_ a: Double, _ b: Double) -> Double { a > 0 ? 1 - b / a : 0 }
    let measured = ReplayComparison.Claims(
      oldAccuracySpikingLR: baseline.oldAccuracy, oldAccuracyReplay4NCL: method.oldAccuracy,
      latencySpeedup: ratio(baseline.chipLatencySeconds, method.chipLatencySeconds),
      memorySaving: saving(baseline.bufferBytes, method.bufferBytes),
      energySaving: saving(baseline.chipEnergyJoules, method.chipEnergyJoules))
    return ReplayComparison(paper: ReplayComparison.paper, measured: measured,
                            wallTimeSpeedup: ratio(baseline.wallSeconds, method.wallSeconds),
                            inferenceLatencySpeedup: ratio(baseline.inferenceLatencySeconds, method.inferenceLatencySeconds),
                            inferenceEnergySaving: saving(baseline.inferenceEnergyJoules, method.inferenceEnergyJoules))
  }
}
