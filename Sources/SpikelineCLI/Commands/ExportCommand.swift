import Foundation
import SpikeData
import SpikeTraining
import SpikelineSupport

/// `spikeline export model.spkc --nir out.nir`: a Spikeline-trained model as a NIR graph.
struct ExportCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "export",
    abstract: "Write a trained model (.spkc) as a NIR graph (.nir) that nir.read, snnTorch and the other NIR tools load.",
    discussion: """
      Layers become LIF or CubaLIF nodes (the readout LI or CubaLI) in snnTorch's convention for the \
      tick Δt: τ_mem = Δt/(1 − β), τ_syn = Δt/(1 − α), R = τ_mem/Δt, w_in = τ_syn/Δt; feed-forward and \
      recurrent weights become Linear nodes. Δt defaults to the model's window divided by its steps \
      (10 ms for the bundled classifier). `spikeline import` reads the file back to the same network.
      """,
    arguments: [ArgumentSpec("model", "A trained model (.spkc), e.g. Scenarios/Data/pretrained/classifier-20.spkc.")],
    options: [
      .value("--nir", "<file>", short: "-o", "The NIR file to write.", required: true),
      .value("--tick-duration", "<seconds>", "Δt the time constants are written for (default: window / steps of the model)."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let path = arguments.positionals[0]
    let checkpoint = try TrainingCheckpoint.read(path)
    let steps = checkpoint.metadata["steps"].flatMap { Int($0) } ?? 100
    let window = checkpoint.metadata["window"].flatMap { Double($0) } ?? 1.0
    let dt = try arguments.double("--tick-duration", in: 1e-9...10) ?? window / Double(max(steps, 1))
    guard let out = arguments.value("--nir") else { throw SpikelineError.usage("Missing expected option '--nir <file>'") }
    let graph = try checkpoint.model.nirGraph(tickDuration: dt)
    try AtomicFileWriter.write(try graph.hdf5Bytes(), to: out)
    io.printError("wrote \(out): \(graph.nodes.count) nodes, \(graph.edges.count) edges, Δt = \(dt) s")
  }
}
