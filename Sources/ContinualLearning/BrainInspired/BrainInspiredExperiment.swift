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
  ///   - jobs: runs trained at once (each on `DeterministicParallel.threadCount` threads); the
  ///     methods of one seed share its task stream. Results do not depend on it.
  ///   - progress: told what is running, a few times per task.
  ///   - afterRun: called with each finished (or reused) run, on the calling thread.
  /// - Throws: `SpikelineError` from building a stream, from a method's settings or from the store.
  public func run(store: RunStore? = nil, jobs: Int = 1, progress: (@Sendable (String) -> Void)? = nil,
                  afterRun: (ContinualRunResult, UInt64) -> Void = { _, _ in }) throws -> BrainInspiredReport {
    var runs: [BrainInspiredReport.Run] = []
    var streamName = "", scenario = IncrementalScenario.class, taskNames: [String] = []
    for seed in seeds {
      let stream = try self.stream(seed)
      streamName = stream.name
      scenario = stream.scenario
      taskNames = stream.tasks.map(\.name)
      var settings = self.settings
      settings.seed = seed
      // The runs of this seed in method order: reused ones now, the rest trained below.
      var slots = [BrainInspiredReport.Run?](repeating: nil, count: methods.count)
      var pending: [(index: Int, key: RunStore.Key)] = []
      for (index, method) in methods.enumerated() {
        let key = RunStore.Key(stream: stream.name, scenario: stream.scenario.title, method: method, settings: settings)
        if let stored = try store?.load(key) {
          slots[index] = stored
          afterRun(ContinualRunResult(method: stored.method, matrix: stored.matrix, memoryBytes: stored.memoryBytes,
                                      wallSeconds: stored.wallSeconds), seed)
        } else {
          pending.append((index, key))
        }
      }
      // Pre-trained on first use only: a resumed grid may not need it.
      let methods = self.methods, runSettings = settings
      let lower = pending.contains { methods[$0.index].usesFrozenLowerLayers } ? try lowerLayers?(seed) : nil
      let trainOne: @Sendable (Int) throws -> (BrainInspiredReport.Run, ContinualRunResult) = { index in
        let result = try ContinualTrainer(settings: runSettings, progress: progress).run(methods[index], on: stream, lowerLayers: lower)
        let run = BrainInspiredReport.Run(method: methods[index].name, seed: seed, matrix: result.matrix, memoryBytes: result.memoryBytes,
                                          wallSeconds: result.wallSeconds)
        return (run, result)
      }
      try ConcurrentJobs.run(pending.map(\.index), jobs: jobs, trainOne) { index, run, result in
        if let key = pending.first(where: { $0.index == index })?.key { try store?.save(run, key: key) }
        slots[index] = run
        afterRun(result, seed)
      }
      runs += slots.compactMap { $0 }
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
