import Foundation
import ScenarioKit
import SpikeData
import SpikelineSupport

/// `spikeline import model.nir`: a NIR graph (from snnTorch, Norse, Lava-dl, Rockpool, Sinabs, …)
/// as a Spikeline network scenario.
struct ImportCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "import",
    abstract: "Turn a NIR graph (.nir, as nir.write stores it) into a Spikeline network scenario.",
    discussion: """
      Reads the HDF5 file natively. Maps Input, Output, Affine, Linear, Conv1d, Conv2d, SumPool2d, \
      AvgPool2d, Scale, Delay, LIF, CubaLIF, LI, CubaLI, IF, I, Threshold and \
      Flatten nodes, nested graphs (snnTorch's RLeaky/RSynaptic) and recurrent edges to populations and \
      projections in chip time with snnTorch's \
      discretisation (β = 1 − Δt/τ, α = 1 − Δt/τ_syn, input gains folded into the weights); each synapse \
      node adds one tick of delay. Other nodes are a clear error naming the node. `spikeline run \
      model.nir` runs the same scenario directly and reports its chip costs.
      """,
    arguments: [ArgumentSpec("model", "A NIR file.")],
    options: nirOptions + [.value("--out", "<file>", short: "-o", "Write the scenario JSON here (default: standard output).")])

  /// The options shared by `import` and `run model.nir`.
  static let nirOptions: [OptionSpec] = [
    .value("--input", "<file.npy>", "Input spikes: a 2-D NPY array [ticks, channels]; a non-zero entry is a spike."),
    .value("--ticks", "<n>", "Ticks to simulate (default: the input's ticks, else 100)."),
    .value("--tick-duration", "<seconds>", "Seconds per tick: the dt the exporting framework used (snnTorch 1.0: 0.0001).", default: "0.001"),
    .value("--time-model", "<model>", "chip (the exporter's discretisation) or continuous (NIR's equations, exact).", default: "chip",
           values: ["chip", "continuous"]),
  ]

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let json = try scenarioJSON(arguments.positionals[0], arguments: arguments)
    if let out = arguments.value("--out") {
      try AtomicFileWriter.write(json + "\n", to: out)
      io.printError("wrote \(out)")
    } else {
      io.print(json)
    }
  }

  /// The scenario JSON text for a NIR file and the NIR options.
  static func scenarioJSON(_ path: String, arguments: ParsedArguments) throws -> String {
    let graph = try NIRGraph.read(path: path)
    var options = NIRScenarioBuilder.Options()
    options.sourceName = URL(fileURLWithPath: path).lastPathComponent
    options.tickDuration = try arguments.double("--tick-duration", default: 1e-3, in: 1e-9...10)
    if let file = arguments.value("--input") {
      let array = try NPYFile.decode(try readFileBytes(file), file: file)
      guard array.shape.count == 2 else {
        throw SpikelineError(.invalidInput, file: file, "expected a 2-D array [ticks, channels], found shape \(array.shape)")
      }
      let (ticks, channels) = (array.shape[0], array.shape[1])
      var spikes = [[Int]](repeating: [], count: channels)
      for tick in 0..<ticks { for channel in 0..<channels where array.values[tick * channels + channel] != 0 { spikes[channel].append(tick) } }
      options.inputSpikeTicks = spikes
      options.ticks = ticks
    }
    if let ticks = try arguments.int("--ticks", in: 1...100_000_000) { options.ticks = ticks }
    options.continuous = arguments.value("--time-model") == "continuous"
    do {
      return try JSONOutput.string(try NIRScenarioBuilder.scenario(graph, options: options))
    } catch var error as SpikelineError {
      if error.file == nil { error.file = path }
      throw error
    }
  }
}
