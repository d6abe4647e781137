import SpikeTraining
import SpikelineSupport

/// A method × seed grid on one task stream: what `spikeline bir` runs.
public struct BrainInspiredExperiment: Sendable {
  /// The methods compared.
  public var methods: [ContinualMethod]
  /// Seeds; each method runs once per seed.
  public var seeds: [UInt64]
  /// Iterations, batch, learning rate and network sizes shared by every method.
  public var settings: ContinualSettings
  /// Builds the stream for a seed (class order and permutations may depend on it).
  public var stream: @Sendable (UInt64) throws -> TaskStream
  /// Pre-trains internal replay's frozen lower layers for a seed (nil: methods needing them fail).
  public var lowerLayers: (@Sendable (UInt64) throws -> DenseStack)?

  /// An experiment; the stream (and the lower layers) are built per seed.
  public init(methods: [ContinualMethod], seeds: [UInt64], settings: ContinualSettings, stream: @escaping @Sendable (UInt64) throws -> TaskStream,
              lowerLayers: (@Sendable (UInt64) throws -> DenseStack)? = nil) {
    self.methods = methods
    self.seeds = seeds
    self.settings = settings
    self.stream = stream
    self.lowerLayers = lowerLayers
  }

  /// Runs every method with every seed.
  /// - Parameters:
  ///   - progress: told what is running, a few times per task.
  ///   - afterRun: called with each finished run.
  /// - Throws: `SpikelineError` from building a stream or from a method's settings.
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
