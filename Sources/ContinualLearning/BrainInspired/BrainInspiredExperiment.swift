import SpikeTraining
import SpikelineSupport

/// A method × seed grid on one task stream: what `spikeline bir` runs.
public struct BrainInspiredExperiment: Sendable {
  public var methods: [ContinualMethod]
  public var seeds: [UInt64]
  public var settings: ContinualSettings
  /// Builds the stream for a seed (class order and permutations may depend on it).
  public var stream: @Sendable (UInt64) throws -> TaskStream
  /// Pre-trains internal replay's frozen lower layers for a seed (nil: methods needing them fail).
  public var lowerLayers: (@Sendable (UInt64) throws -> DenseStack)?

  public init(methods: [ContinualMethod], seeds: [UInt64], settings: ContinualSettings, stream: @escaping @Sendable (UInt64) throws -> TaskStream,
              lowerLayers: (@Sendable (UInt64) throws -> DenseStack)? = nil) {
    self.methods = methods
    self.seeds = seeds
    self.settings = settings
    self.stream = stream
    self.lowerLayers = lowerLayers
  }

  public func run(progress: (@Sendable (String) -> Void)? = nil, afterRun: (ContinualRunResult, UInt64) -> Void = { _, _ in }) throws -> BrainInspiredReport {
    var runs: [BrainInspiredReport.Run] = []
    var streamName = "", scenario = IncrementalScenario.class, taskNames: [String] = []
    for seed in seeds {
      let stream = try self.stream(seed)
      streamName = stream.name
      scenario = stream.scenario
      taskNames = stream.tasks.map(\.name)
      let lower = methods.contains(where: \.usesFrozenLowerLayers) ? try lowerLayers?(seed) : nil
      var settings = self.settings
      settings.seed = seed
      for method in methods {
        let result = try ContinualTrainer(settings: settings, progress: progress).run(method, on: stream, lowerLayers: lower)
        afterRun(result, seed)
        runs.append(BrainInspiredReport.Run(method: method.name, seed: seed, matrix: result.matrix, memoryBytes: result.memoryBytes,
                                            wallSeconds: result.wallSeconds))
      }
    }
    let summaries = methods.map { method -> BrainInspiredReport.Summary in
      let mine = runs.filter { $0.method == method.name }
      let tasks = mine.first?.matrix.rows.count ?? 0
      let curve = (0..<tasks).map { i in Statistic(mine.map { $0.matrix.averageAccuracy(after: i) }).mean }
      let published = PublishedContinualResults.mnist(method: method.name, scenario: scenario, permuted: streamName.hasPrefix("permuted"))
      return BrainInspiredReport.Summary(
        name: method.name, runs: mine.count,
        averageAccuracy: Statistic(mine.map(\.matrix.averageAccuracy)), backwardTransfer: Statistic(mine.map(\.matrix.backwardTransfer)),
        forgetting: Statistic(mine.map(\.matrix.forgetting)), forwardTransfer: Statistic(mine.map(\.matrix.forwardTransfer)),
        memoryBytes: Statistic(mine.map { Double($0.memoryBytes) }), wallSeconds: Statistic(mine.map(\.wallSeconds)),
        averageAccuracyAfterTask: curve, publishedMNIST: published)
    }
    return BrainInspiredReport(stream: streamName, scenario: scenario.title, tasks: taskNames, seeds: seeds, settings: settings,
                               methods: summaries, runs: runs)
  }
}

/// The results of a `BrainInspiredExperiment` (the `--json` output of `spikeline bir`).
public struct BrainInspiredReport: Sendable, Codable {
  public struct Run: Sendable, Codable {
    public var method: String
    public var seed: UInt64
    public var matrix: AccuracyMatrix
    public var memoryBytes: Int
    public var wallSeconds: Double
  }

  public struct Summary: Sendable, Codable {
    public var name: String
    public var runs: Int
    /// Final average accuracy over all tasks (fraction), mean and std over seeds.
    public var averageAccuracy: Statistic
    public var backwardTransfer: Statistic
    public var forgetting: Statistic
    public var forwardTransfer: Statistic
    public var memoryBytes: Statistic
    public var wallSeconds: Statistic
    /// Mean over seeds of the average accuracy on the tasks so far, after each task.
    public var averageAccuracyAfterTask: [Double]
    /// The RtF preprint's value for this method and scenario on the MNIST version of the benchmark
    /// (split or permuted MNIST; percent), when published.
    public var publishedMNIST: Double?
  }

  public var stream: String
  public var scenario: String
  public var tasks: [String]
  public var seeds: [UInt64]
  public var settings: ContinualSettings
  public var methods: [Summary]
  public var runs: [Run]
}

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

  public static func mnist(method: String, scenario: IncrementalScenario, permuted: Bool) -> Double? {
    guard let row = (permuted ? permutedMNIST : splitMNIST)[method] else { return nil }
    switch scenario {
    case .task: return row.task
    case .domain: return row.domain
    case .class: return row.class
    }
  }
}
