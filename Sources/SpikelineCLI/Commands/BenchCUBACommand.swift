import Foundation
import SpikeCore
import SpikelineSupport

/// `spikeline bench cuba`: the Vogels–Abbott CUBA network (Brette et al. 2007, benchmark 2).
struct BenchCUBACommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "cuba",
    abstract: "Simulate the Vogels–Abbott CUBA network (4000 LIF neurons, p = 0.02) and report speed.",
    discussion: """
      Builds the network of Brian2's examples/CUBA.py (3200 excitatory and 800 inhibitory neurons, \
      τm 20 ms, τe 5 ms, τi 10 ms, threshold −50 mV, reset −60 mV, refractory 5 ms) and simulates it \
      for the given biological time. Chip time uses ticks of --tick-duration seconds with exact integration; \
      continuous time is fully event-driven. The wall time covers the simulation only (not network \
      construction), as in Brian2's Network.run. Refuses debug builds unless --allow-debug.
      """,
    options: [
      .value("--duration", "<seconds>", "Biological time to simulate.", default: "1"),
      .value("--tick-duration", "<seconds>", "Chip tick (and synaptic delay).", default: "0.0001"),
      .value("--time-model", "<model>", "Time model.", default: "chip", values: ["chip", "continuous"]),
      .value("--scale", "<factor>", "Multiply both population sizes.", default: "1"),
      .value("--seed", "<n>", "Seed of connectivity and initial potentials.", default: "12345"),
      .value("--repeat", "<n>", "Runs; the median wall time is reported.", default: "3"),
      .value("--threads", "<n>", "Threads of the chip-time engine (default: SPIKELINE_THREADS or every core, one per \(ChipTimeSimulation.automaticNeuronsPerThread) neurons at most); results do not depend on it."),
      .flag("--json", "Print one JSON object."),
      .flag("--allow-debug", "Run even in a debug build (timings are then meaningless)."),
    ])

  struct Report: Encodable {
    var timeModel: String
    var threads: Int
    var neurons: Int
    var synapses: Int
    var spikes: Int
    var synapticEvents: Int
    var wallSeconds: Double
    var wallSecondsAll: [Double]
    var buildSeconds: Double
    var synapticEventsPerSecond: Double
    var meanRateHz: Double
    var biologicalSeconds: Double
    var realTimeFactor: Double
    /// Seconds one hand-over of a tick between the engine's threads costs on this machine, with no
    /// work between ticks (0 on one thread); chip time hands over once per tick. (The key keeps its
    /// name from when the threads met at a barrier.)
    var threadMeetingSeconds: Double
  }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    if isDebugBuild && !arguments.flag("--allow-debug") {
      throw SpikelineError(.unsupported, "benchmarks need a release build: run 'swift build -c release' and use .build/release/spikeline (or pass --allow-debug)")
    }
    let duration = try arguments.double("--duration", default: 1, in: 1e-6...3600)
    let tick = try arguments.double("--tick-duration", default: 1e-4, in: 1e-7...1)
    let scale = try arguments.double("--scale", default: 1, in: 0.001...20)
    let seed = UInt64(try arguments.int("--seed", default: 12345, in: 0...Int.max))
    let repeats = try arguments.int("--repeat", default: 3, in: 1...100)
    let continuous = arguments.value("--time-model") == "continuous"
    let threads = try applyThreadsOption(arguments)

    let buildStart = Date()
    let network = try VogelsAbbottCUBA.network(seed: seed, scale: scale, delay: tick)
    let buildSeconds = Date().timeIntervalSince(buildStart)
    var walls: [Double] = []
    var counters: SimulationCounters?
    var usedThreads = 1
    for _ in 0..<repeats {
      if continuous {
        let simulation = try ContinuousTimeSimulation(network: network, recording: .countersOnly)
        let start = Date()
        simulation.run(until: duration)
        walls.append(Date().timeIntervalSince(start))
        counters = simulation.result.counters
      } else {
        let simulation = try ChipTimeSimulation(network: network, tickDuration: tick, recording: .countersOnly, threads: threads)
        usedThreads = simulation.threadCount
        let start = Date()
        simulation.run(until: duration)
        walls.append(Date().timeIntervalSince(start))
        counters = simulation.result.counters
      }
    }
    guard let counters else { return }
    let wall = walls.sorted()[walls.count / 2]
    let handOver = continuous ? 0 : ChipTimeSimulation.handOverSeconds(threads: usedThreads)
    let report = Report(
      timeModel: continuous ? "continuous" : "chip", threads: usedThreads, neurons: network.neuronCount, synapses: network.synapseCount,
      spikes: counters.totalSpikes, synapticEvents: counters.totalSynapticEvents, wallSeconds: wall,
      wallSecondsAll: walls, buildSeconds: buildSeconds,
      synapticEventsPerSecond: Double(counters.totalSynapticEvents) / wall,
      meanRateHz: Double(counters.totalSpikes) / Double(network.neuronCount) / duration,
      biologicalSeconds: duration, realTimeFactor: wall / duration, threadMeetingSeconds: handOver)
    if arguments.flag("--json") {
      try io.printJSON(report)
      return
    }
    io.print("CUBA network, \(report.timeModel) time\(continuous ? "" : " (tick \(tick * 1e3) ms, \(usedThreads) threads)"), \(duration) s biological")
    io.print("  neurons                  \(report.neurons)")
    io.print("  synapses                 \(report.synapses)")
    io.print("  spikes                   \(report.spikes)  (mean rate \(String(format: "%.2f", report.meanRateHz)) Hz)")
    io.print("  synaptic events          \(report.synapticEvents)")
    io.print("  wall seconds (median)    \(String(format: "%.4f", wall))  of \(walls.map { String(format: "%.4f", $0) }.joined(separator: ", "))")
    io.print("  synaptic events / second \(String(format: "%.3g", report.synapticEventsPerSecond))")
    io.print("  real-time factor         \(String(format: "%.4f", report.realTimeFactor))")
    if usedThreads > 1 {
      let ticks = Int((duration / tick).rounded())
      io.print("  thread hand-over         \(Format.si(handOver, "s")) on this machine, once per tick (\(Format.si(handOver * Double(ticks), "s")) over \(ticks) ticks)")
    }
  }
}

/// True in a debug build (assertions are compiled in).
let isDebugBuild: Bool = {
  var debug = false
  assert({ debug = true; return true }())
  return debug
}()
