import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport


/// Every method on every held-out class with every seed.
public struct ReplayExperiment: Sendable {
  /// The spike dataset.
  public var dataset: SpikeDataset
  /// Its path, for the report.
  public var datasetName: String
  /// The pre-trained model for each held-out class, by the T it was pre-trained at.
  public var pretrained: [Int: [Int: SpikingModel]]
  /// Classes learned one per run.
  public var heldOutClasses: [Int]
  /// Seeds per held-out class.
  public var seeds: [UInt64]
  /// The methods compared.
  public var methods: [ReplayMethod]
  /// Runs one method on one task and prices it.
  public var runner: ReplayRunner
  /// Training speakers kept out of continual learning (a validation set for searches).
  public var validationSpeakers: Set<Int>

  /// A grid over `heldOutClasses` × `seeds` × `methods`.
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
