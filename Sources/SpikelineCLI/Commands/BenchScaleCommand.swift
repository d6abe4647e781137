import Foundation
import SpikeCore
import SpikelineSupport

/// `spikeline bench scale`: how large a network this machine simulates, and how fast.
struct BenchScaleCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "scale",
    abstract: "Build and run a CUBA network of any size in chip time; report build time, memory and speed.",
    discussion: """
      Builds the Vogels–Abbott CUBA network with --neurons neurons (4 in 5 excitatory) and on average \
      --synapses-per-neuron synapses leaving each, weights scaled by 80/K so the mean input stays that of \
      the 4000-neuron original, then runs it in chip time for --duration seconds of biological time. \
      Reports the build seconds (connectors, in parallel), the process's peak resident memory, bytes per \
      synapse of the tables and of the whole process, synaptic events per second and the real-time factor \
      (wall seconds per biological second). The size is checked before anything is allocated. \
      Refuses debug builds unless --allow-debug.
      """,
    options: [
      .value("--neurons", "<n>", "Neurons.", default: "100000"),
      .value("--synapses-per-neuron", "<k>", "Mean synapses leaving each neuron.", default: "100"),
      .value("--duration", "<seconds>", "Biological time to simulate.", default: "0.1"),
      .value("--tick-duration", "<seconds>", "Chip tick (and synaptic delay).", default: "0.0001"),
      .value("--threads", "<n>", "Threads for construction and simulation (default: SPIKELINE_THREADS or every core)."),
      .value("--seed", "<n>", "Seed of connectivity and initial potentials.", default: "12345"),
      .flag("--fixed-point", "Store weights as 16-bit integers (6 bytes per synapse) and run in fixed-point arithmetic (16-bit weights scaled to the largest weight, 31-bit potentials, Loihi's 12-bit decays), as a chip would."),
      .flag("--ranks", "Split the run over the MPI ranks of `mpirun -np N spikeline bench scale … --ranks` (a build with SPIKELINE_MPI=1). Each rank builds and keeps only the synapses onto its own neurons, so tables and peak memory are per rank; adds the spike exchange's cost per tick."),
      .flag("--json", "Print one JSON object."),
      .flag("--allow-debug", "Run even in a debug build (timings are then meaningless)."),
    ])

  struct Report: Encodable {
    var neurons: Int
    var synapsesPerNeuron: Double
    /// Synapses of the whole network (all ranks).
    var synapses: Int
    /// Synapses this process holds (with ranks, rank 0's share); the bytes per synapse divide by it.
    var synapsesHere: Int
    var threads: Int
    var buildSeconds: Double
    var synapsesBuiltPerSecond: Double
    var tableBytes: Int
    var tableBytesPerSynapse: Double
    var peakResidentBytes: Int
    var peakBytesPerSynapse: Double
    var biologicalSeconds: Double
    var ticks: Int
    var spikes: Int
    var meanRateHz: Double
    var synapticEvents: Int
    var wallSeconds: Double
    var synapticEventsPerSecond: Double
    var realTimeFactor: Double
    /// MPI ranks (1: one process).
    var ranks: Int
    /// "float" or "fixed-point (16-bit weights)".
    var arithmetic: String
    /// Rank 0's wall seconds per tick inside the spike exchange (waiting for the slowest rank included).
    var exchangeSecondsPerTick: Double?
    /// Bytes rank 0 received per tick in the exchange (every rank's spikes).
    var exchangeBytesPerTick: Double?
  }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    if isDebugBuild && !arguments.flag("--allow-debug") {
      throw SpikelineError(.unsupported, "benchmarks need a release build: run 'swift build -c release' and use .build/release/spikeline (or pass --allow-debug)")
    }
    let neurons = try arguments.int("--neurons", default: 100_000, in: 2...2_000_000_000)
    let perNeuron = try arguments.double("--synapses-per-neuron", default: 100, in: 1e-6...Double(neurons))
    let duration = try arguments.double("--duration", default: 0.1, in: 1e-6...3600)
    let tick = try arguments.double("--tick-duration", default: 1e-4, in: 1e-7...1)
    let seed = UInt64(try arguments.int("--seed", default: 12345, in: 0...Int.max))
    var requestedThreads = try applyThreadsOption(arguments)
    let ranks = try RankLauncher.startIfRequested(arguments, threads: &requestedThreads)
    defer { if let ranks { RankLauncher.finish(ranks) } }
    let io = (ranks?.rank ?? 0) == 0 ? io : io.withoutOutput()
    let threads = requestedThreads ?? DeterministicParallel.threadCount

    let progress = io.progress("building \(neurons) neurons × \(perNeuron) synapses", total: 1)
    let buildStart = Date()
    let format = arguments.flag("--fixed-point")
      ? FixedPointFormat.covering(maximumWeight: VogelsAbbottCUBA.largestWeight(synapsesPerNeuron: perNeuron), weightBits: 16,
                                  potentialBits: 31) : nil
    let network = try VogelsAbbottCUBA.network(seed: seed, neurons: neurons, synapsesPerNeuron: perNeuron, delay: tick,
                                               threads: threads, weightStorage: format.map(WeightStorage.fixedPoint) ?? .singlePrecision,
                                               keepingShareOf: ranks)
    // Ranks build at different speeds (a row's random draws run through the targets before a rank's
    // slice): the build takes as long as the slowest rank, and the run starts together.
    ranks?.waitForAll()
    let buildSeconds = Date().timeIntervalSince(buildStart)
    progress.finish()
    let simulation = try ChipTimeSimulation(network: network, tickDuration: tick, recording: .countersOnly,
                                            arithmetic: format.map(ChipArithmetic.fixedPoint) ?? .floatingPoint, threads: threads,
                                            ranks: ranks)
    ranks?.waitForAll()
    let ticks = max(1, Int((duration / tick).rounded()))
    let running = io.progress("simulating \(ticks) ticks on \(simulation.threadCount) threads", total: 100)
    let start = Date()
    var done = 0
    for part in 1...100 {
      let next = ticks * part / 100
      if next > done { simulation.run(ticks: next - done); done = next }
      running.advance(by: 1)
    }
    let wall = Date().timeIntervalSince(start)
    running.finish()
    let counters = simulation.result.counters
    let here = network.synapseCount, tableBytes = network.synapseStorageBytes
    let synapses = ranks?.sum(here) ?? here
    let peak = ProcessMemory.peakResidentBytes
    let biological = Double(ticks) * tick
    let report = Report(
      neurons: network.neuronCount, synapsesPerNeuron: perNeuron, synapses: synapses, synapsesHere: here,
      threads: simulation.threadCount, buildSeconds: buildSeconds, synapsesBuiltPerSecond: Double(here) / buildSeconds,
      tableBytes: tableBytes, tableBytesPerSynapse: Double(tableBytes) / Double(max(here, 1)),
      peakResidentBytes: peak, peakBytesPerSynapse: Double(peak) / Double(max(here, 1)),
      biologicalSeconds: biological, ticks: ticks, spikes: counters.totalSpikes,
      meanRateHz: Double(counters.totalSpikes) / Double(network.neuronCount) / biological,
      synapticEvents: counters.totalSynapticEvents, wallSeconds: wall,
      synapticEventsPerSecond: Double(counters.totalSynapticEvents) / wall, realTimeFactor: wall / biological,
      ranks: ranks?.rankCount ?? 1, arithmetic: format == nil ? "float" : "fixed-point (16-bit weights)",
      exchangeSecondsPerTick: ranks.map { _ in simulation.exchangeStatistics.secondsPerExchange },
      exchangeBytesPerTick: ranks.map { _ in
        Double(simulation.exchangeStatistics.wordsReceived * 4) / Double(max(simulation.exchangeStatistics.exchanges, 1))
      })
    if arguments.flag("--json") {
      try io.printJSON(report)
      return
    }
    func f(_ x: Double, _ format: String = "%.3g") -> String { String(format: format, x) }
    let placement = report.ranks > 1 ? "\(report.ranks) ranks × \(report.threads) threads" : "\(report.threads) threads"
    io.print("CUBA network at scale, chip time (tick \(tick * 1e3) ms), \(biological) s biological, \(placement), \(report.arithmetic)")
    io.print("  neurons                  \(report.neurons)")
    io.print("  synapses                 \(synapses)  (\(f(perNeuron)) per neuron)")
    if report.ranks > 1 { io.print("  synapses on rank 0       \(here)  (the bytes below are rank 0's)") }
    io.print("  build seconds            \(f(buildSeconds, "%.2f"))  (\(f(report.synapsesBuiltPerSecond)) synapses / second)")
    io.print("  synapse tables           \(MemoryBudget.format(Double(tableBytes)))  (\(f(report.tableBytesPerSynapse, "%.2f")) bytes / synapse)")
    io.print("  peak resident memory     \(MemoryBudget.format(Double(peak)))  (\(f(report.peakBytesPerSynapse, "%.2f")) bytes / synapse)")
    io.print("  spikes                   \(report.spikes)  (mean rate \(f(report.meanRateHz, "%.2f")) Hz)")
    io.print("  synaptic events          \(report.synapticEvents)")
    io.print("  wall seconds (run)       \(f(wall, "%.3f"))")
    io.print("  synaptic events / second \(f(report.synapticEventsPerSecond))")
    io.print("  real-time factor         \(f(report.realTimeFactor, "%.3f"))")
    if let seconds = report.exchangeSecondsPerTick, let bytes = report.exchangeBytesPerTick {
      io.print("  spike exchange / tick    \(f(seconds * 1e6, "%.2f")) µs, \(f(bytes, "%.0f")) bytes received (rank 0; peak memory is per rank)")
    }
  }
}

/// Applies a command's `--threads <n>` to the whole process (construction and simulation) and
/// returns it; nil when the option is absent.
func applyThreadsOption(_ arguments: ParsedArguments) throws -> Int? {
  guard let threads = try arguments.int("--threads", in: 1...1024) else { return nil }
  DeterministicParallel.setThreadCount(threads)
  return threads
}
