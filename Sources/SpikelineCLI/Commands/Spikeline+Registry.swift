/// Every command of the tool, in the order `--help` lists them.
extension Spikeline {
  static var commands: [CommandNode] {[
    .leaf(RunCommand.self),
    .leaf(StepCommand.self),
    .command(ProfilesCommand.self, children: [.leaf(ProfilesShowCommand.self)]),
    .group(name: "dataset", abstract: "Spike datasets: synthesise, inspect, import, export, baseline.", children: [
      .leaf(DatasetInfoCommand.self),
      .leaf(DatasetSynthCommand.self),
      .leaf(DatasetBaselineCommand.self),
      .leaf(DatasetImportCommand.self),
      .leaf(DatasetExportCommand.self),
    ]),
    .leaf(EncodeCommand.self),
    .leaf(ImportCommand.self),
    .leaf(ExportCommand.self),
    .leaf(ClassifyCommand.self),
    .leaf(TrainCommand.self),
    .command(Replay4NCLCommand.self, children: [.leaf(Replay4NCLSearchCommand.self)]),
    .command(BIRCommand.self, children: [.leaf(BIRMemoryCommand.self)]),
    .group(name: "bench", abstract: "Benchmarks (release builds): speed and counts against peers.", children: [
      .leaf(BenchCUBACommand.self),
      .leaf(BenchScaleCommand.self),
      .leaf(BenchGEMMCommand.self),
      .leaf(BenchCalibrateCommand.self),
      .leaf(BenchFuzzCommand.self),
    ]),
  ]}
}
