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
  ///   - store: where each finished run is saved as it finishes, and (when it reuses) where runs of an
  ///     earlier, interrupted grid with the same settings are read back instead of being run again.
  ///   - progress: told what is running, a few times per task.
  ///   - afterRun: called with each finished (or reused) run.
  /// - Throws: `SpikelineError` from building a stream, from a method's settings or from the store.
  public func run(store: RunStore? = nil, progress: (@Sendable (String) -> Void)? = nil,
                  afterRun: (ContinualRunResult, UInt64) -> Void = { _, _ in }) throws -> BrainInspiredReport {
    var runs: [BrainInspiredReport.Run] = []
    var streamName = "", scenario = IncrementalScenario.class, taskNames: [String] = []
    for seed in seeds {
      let stream = try self.stream(seed)
      streamName = stream.name
      scenario = stream.scenario
      taskNames = stream.tasks.map(\.name)
      var lower: DenseStack??  // pre-trained on first use only: a resumed grid may not need it
      var settings = self.settings
      settings.seed = seed
      for method in methods {
        let key = RunStore.Key(stream: stream.name, scenario: stream.scenario.title, method: method, settings: settings)
        if let stored = try store?.load(key) {
          runs.append(stored)
          afterRun(ContinualRunResult(method: stored.method, matrix: stored.matrix, memoryBytes: stored.memoryBytes,
                                      wallSeconds: stored.wallSeconds), seed)
          continue
        }
        if method.usesFrozenLowerLayers && lower == nil { lower = .some(try lowerLayers?(seed)) }
        let result = try ContinualTrainer(settings: settings, progress: progress).run(method, on: stream, lowerLayers: lower ?? nil)
        let run = BrainInspiredReport.Run(method: method.name, seed: seed, matrix: result.matrix, memoryBytes: result.memoryBytes,
                                          wallSeconds: result.wallSeconds)
        try store?.save(run, key: key)
        afterRun(result, seed)
        runs.append(run)
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
