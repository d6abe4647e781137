/// Every command of the tool, in the order `--help` lists them.
extension Spikeline {
  static var commands: [CommandNode] {[
    .leaf(RunCommand.self),
    .leaf(StepCommand.self),
    .group(name: "bench", abstract: "Benchmarks (release builds): speed and counts against peers.", children: [
      .leaf(BenchCUBACommand.self),
    ]),
  ]}
}
