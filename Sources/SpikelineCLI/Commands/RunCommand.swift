import Foundation
import ChipModel
import ScenarioKit
import SpikeCore
import SpikelineSupport

/// `spikeline run <scenario>`: simulate a scenario and report its spikes and chip costs.
struct RunCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "run",
    abstract: "Run a scenario file and report spikes, energy and latency on a chip profile.",
    discussion: """
      Network scenarios are simulated in their time model and costed on their chip profile \
      (Loihi unless the file or --profile says otherwise). Experiment scenarios (classifier, train, \
      replay4ncl, spikinglr, bir) run their experiment. With --out DIR the report and SVG plots \
      (spike raster, membrane potentials, energy per population) are written there.
      """,
    arguments: [ArgumentSpec("scenario", "A scenario JSON file, e.g. Scenarios/single-lif.json, or a NIR graph (.nir; see `spikeline import`).")],
    options: [
      .flag("--json", "Print one JSON document on standard output."),
      .value("--out", "<dir>", short: "-o", "Write report.json, the recorded spikes (spikes.csv, spikes.npy), probed membranes (membranes.csv, membranes.npy) and SVG plots into this directory."),
      .flag("--spikes", "With --json: include every recorded spike and membrane trace."),
      .value("--profile", "<name|file>", "Chip profile to cost the run on: a built-in (see `spikeline profiles`) or a profile JSON file."),
      .value("--duration", "<seconds>", "Simulate this long instead of the scenario's duration (network scenarios)."),
      .value("--threads", "<n>", "Threads that build the network and share each chip tick (default: SPIKELINE_THREADS or every core, one per \(ChipTimeSimulation.automaticNeuronsPerThread) neurons at most; with --ranks, the cores divided among this machine's ranks); the results do not depend on it."),
      .flag("--ranks", "Split a chip-time network over the MPI ranks of `mpirun -np N spikeline run … --ranks` (a build with SPIKELINE_MPI=1); rank 0 prints and writes the results, which are byte-identical to one process's. Each rank builds only the synapses onto its own neurons and the rest of the chip cores it costs, so ranks divide the tables' memory."),
    ] + ImportCommand.nirOptions)

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    var threads = try applyThreadsOption(arguments)
    let ranks = try RankLauncher.startIfRequested(arguments, threads: &threads)
    defer { if let ranks { RankLauncher.finish(ranks) } }
    let path = arguments.positionals[0]
    // One progress line (rank 0's, on a terminal) through a network run's phases, from the build of
    // its synapse tables on; cleared before an experiment's own output or an error.
    let progress = ((ranks?.rank ?? 0) == 0 ? io : io.withoutOutput()).progress("run", total: 100)
    progress.advance(by: 0, detail: "reading the scenario and building its network")
    do {
      let profile = try arguments.value("--profile").map(ProfileLoader.resolve)
      // On ranks, each builds only its share of the synapses (those onto its neurons and the rest of its chip cores).
      let rankShare = ranks.map { ScenarioLoader.RankShare(ranks: $0, profile: profile) }
      let scenario: Scenario
      if path.lowercased().hasSuffix(".nir") {
        scenario = try ScenarioLoader.parse(Array(try ImportCommand.scenarioJSON(path, arguments: arguments).utf8), file: path,
                                            rankShare: rankShare)
      } else {
        scenario = try ScenarioLoader.load(path, rankShare: rankShare)
      }
      switch scenario.body {
      case .network(var body):
        if let seconds = try arguments.double("--duration", in: 1e-9...1e6) { body.timeModel = try body.timeModel.withDuration(seconds) }
        try runNetwork(scenario, body, profile: profile, threads: threads, ranks: ranks, arguments: arguments, io: io,
                       progress: progress)
      case .experiment(let experiment):
        progress.clear()
        if ranks != nil { throw SpikelineError.usage("--ranks splits network scenarios; \(path) is an experiment") }
        try ExperimentDispatch.run(experiment, scenario: scenario, profile: profile, arguments: arguments, io: io)
      }
    } catch {
      progress.clear()
      throw error
    }
  }

  static func runNetwork(_ scenario: Scenario, _ body: NetworkScenario, profile: ChipProfile?, threads: Int?,
                         ranks: SpikeExchange? = nil, arguments: ParsedArguments, io: CommandIO,
                         progress: ProgressReporter) throws {
    // Every rank holds the whole result; rank 0 alone prints and writes it.
    let io = (ranks?.rank ?? 0) == 0 ? io : io.withoutOutput()
    let isWriter = (ranks?.rank ?? 0) == 0
    var reported = 0
    let outcome = try NetworkScenarioRunner.run(scenario, body, profileOverride: profile, threads: threads, ranks: ranks,
                                                phase: { progress.advance(by: 0, detail: $0) }) { fraction in
      let now = Int(fraction * 100)
      progress.advance(by: now - reported, detail: "simulating")
      reported = now
    }
    progress.finish()
    // Collective: how many synapses the ranks hold between them (each its share, or all of them each).
    let held = body.network.synapseCount
    let heldByAll = ranks?.sum(held) ?? held
    guard isWriter else { return }
    if let ranks, let exchange = outcome.exchange {
      printExchange(exchange, ranks: ranks.rankCount, io: io)
      io.printError("ranks: rank 0 holds \(held) synapses, all ranks together \(heldByAll) (each its share, with the rest of the chip cores it costs)")
    }
    let recordings = RunRecordings(outcome.result, network: body.network)
    if let directory = arguments.value("--out") {
      try writeOutputs(outcome, recordings: recordings, network: body.network, to: directory, io: io)
    }
    if arguments.flag("--json") {
      if arguments.flag("--spikes") {
        struct WithRecordings: Encodable { var report: RunReport; var recordings: RunRecordings }
        try io.printJSON(WithRecordings(report: outcome.report, recordings: recordings))
      } else {
        try io.printJSON(outcome.report)
      }
      return
    }
    printReport(outcome.report, wallSeconds: outcome.wallSeconds, io: io)
  }

  /// What the spike exchange between ranks cost rank 0 (on standard error: not part of the results).
  static func printExchange(_ exchange: SpikeExchangeStatistics, ranks: Int, io: CommandIO) {
    let ticks = max(exchange.exchanges, 1)
    io.printError("ranks: \(ranks); spike exchange \(Format.si(exchange.secondsPerExchange, "s")) per tick over \(exchange.exchanges) ticks (\(Format.si(exchange.seconds, "s")) in all, waiting for the slowest rank included); \(Format.fixed(Double(exchange.wordsSent * 4) / Double(ticks), 1)) bytes sent and \(Format.fixed(Double(exchange.wordsReceived * 4) / Double(ticks), 1)) received per tick by rank 0")
  }

  /// report.json, the recorded spikes and membranes (CSV and NPY) and the SVG plots.
  static func writeOutputs(_ outcome: NetworkScenarioRunner.Outcome, recordings: RunRecordings, network: Network, to directory: String,
                           io: CommandIO) throws {
    try ensureDirectory(directory)
    var written = ["report.json", "spikes.csv", "spikes.npy"]
    try AtomicFileWriter.write(try JSONOutput.string(outcome.report) + "\n", to: directory + "/report.json")
    try AtomicFileWriter.write(recordings.spikesCSV, to: directory + "/spikes.csv")
    try AtomicFileWriter.write(recordings.spikesNPY, to: directory + "/spikes.npy")
    if let csv = recordings.membranesCSV, let npy = recordings.membranesNPY {
      try AtomicFileWriter.write(csv, to: directory + "/membranes.csv")
      try AtomicFileWriter.write(npy, to: directory + "/membranes.npy")
      written += ["membranes.csv", "membranes.npy"]
    }
    try AtomicFileWriter.write(RunPlots.raster(outcome.result, network: network), to: directory + "/raster.svg")
    written.append("raster.svg")
    if let membranes = RunPlots.membranes(outcome.result, network: network) {
      try AtomicFileWriter.write(membranes, to: directory + "/membranes.svg")
      written.append("membranes.svg")
    }
    try AtomicFileWriter.write(RunPlots.energy(outcome.report.chip), to: directory + "/energy.svg")
    written.append("energy.svg")
    io.printError("wrote \(written.joined(separator: ", ")) to \(directory)")
  }

  static func printReport(_ report: RunReport, wallSeconds: Double, io: CommandIO) {
    io.print("Scenario: \(report.scenario)")
    io.print("  \(report.description)")
    if let tick = report.tickDuration {
      io.print("Chip time: \(report.ticks) ticks of \(Format.si(tick, "s")) (\(Format.si(report.durationSeconds, "s"))), seed \(report.seed); simulated in \(Format.si(wallSeconds, "s"))")
    } else {
      io.print("Continuous time: \(Format.si(report.durationSeconds, "s")), seed \(report.seed); simulated in \(Format.si(wallSeconds, "s"))")
    }
    var table = TextTable(["population", "size", "spikes", "rate Hz", "synaptic ops", "neuron updates", "messages", "hops", "energy", "latency"])
    for entry in report.populations + [report.total] {
      table.add([entry.name, "\(entry.size)", "\(entry.spikes)", Format.fixed(entry.rateHz, 1), "\(entry.synapticOps)",
                 "\(entry.neuronUpdates)", "\(entry.messages)", "\(entry.hops)", Format.si(entry.energyJoules.total, "J"),
                 entry.latencySeconds.map { Format.si($0, "s") } ?? "-"])
    }
    io.print(table.text)
    let chip = report.chip
    let energy = chip.total.energyJoules
    io.print("Chip: \(chip.profile) (\(chip.profileSummary)); \(chip.coresUsed) core\(chip.coresUsed == 1 ? "" : "s") on \(chip.chipsUsed) of \(chip.chips) powered chip\(chip.chips == 1 ? "" : "s")")
    io.print("Chip time: \(Format.si(chip.total.latencySeconds ?? 0, "s")) (\(Format.si(chip.latencyPerTimestepSeconds, "s")) per timestep; \(chip.timeBase))")
    io.print("Energy: \(Format.si(energy.total, "J")) = core dynamic \(Format.si(energy.coreDynamic, "J")) + other dynamic \(Format.si(energy.otherDynamic, "J")) (routing \(Format.si(energy.routing, "J")), management \(Format.si(energy.management, "J"))) + static \(Format.si(energy.static, "J"))")
    if !chip.notModelled.isEmpty { io.print("Not modelled by this profile: \(chip.notModelled.joined(separator: ", "))") }
    io.print("Memory: \(chip.memory.totalBytes) bytes (weights \(chip.memory.weightsBytes), neuron state \(chip.memory.neuronStateBytes)); activation sparsity \(Format.percent(chip.neuroBench.activationSparsity)), connection sparsity \(Format.percent(chip.neuroBench.connectionSparsity))")
  }
}

