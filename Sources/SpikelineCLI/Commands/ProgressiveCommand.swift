import ScenarioKit
import ChipModel
import ContinualLearning
import SpikeTraining
import SpikelineSupport

/// `spikeline replay4ncl --protocol progressive`: English digits first, then the German ones one at a time.
enum ProgressiveCommand {
  struct Report: Encodable {
    var protocolName = "progressive: 10 English digits, then German digits one at a time"
    var runs: [ProgressiveRun]
  }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let (dataset, _) = try Replay4NCLOptions.dataset(arguments)
    let methods = try Replay4NCLOptions.methods(arguments).filter { $0.kind != .joint }
    let seeds = try Replay4NCLOptions.seeds(arguments)
    let profile = try ProfileLoader.resolve(arguments.value("--profile") ?? "loihi")
    let progress = io.progress("progressive learning", total: methods.count * seeds.count * 10)
    var runs: [ProgressiveRun] = []
    for method in methods {
      let pretrained = try TrainingCheckpoint.read(Replay4NCLOptions.backbones(arguments).file(steps: method.backboneSteps, name: "english")).model
      let experiment = ProgressiveExperiment(dataset: dataset, pretrained: pretrained, initialClasses: Array(0..<10),
                                             addedClasses: Array(10..<20), runner: ReplayRunner(profile: profile))
      for seed in seeds {
        runs.append(try experiment.run(method, seed: seed) { _ in progress.advance() })
      }
    }
    progress.finish()
    if arguments.flag("--json") { try io.printJSON(Report(runs: runs)); return }
    io.print("Progressive protocol: pre-trained on the 10 English digits, then learning 'null'…'neun' one at a time; accuracy on all known classes (test speakers), mean over \(seeds.count) seed\(seeds.count == 1 ? "" : "s")")
    var table = TextTable(["method"] + (11...20).map { "\($0) cl." } + ["buffer B", "chip energy"])
    for method in methods {
      let mine = runs.filter { $0.method == method.name }
      let accuracy = (0..<10).map { step in mine.reduce(0) { $0 + $1.steps[step].allAccuracy } / Double(mine.count) }
      table.add([method.name] + accuracy.map { String(format: "%.1f", $0 * 100) } +
                [String(mine.first?.finalBufferBytes ?? 0), Format.si(mine.reduce(0) { $0 + $1.chipEnergyJoules } / Double(max(mine.count, 1)), "J")])
    }
    io.print(table.text)
  }
}
