import ScenarioKit
import Foundation
import ChipModel
import ContinualLearning
import SpikeData
import SpikePlot
import SpikeTraining
import SpikelineSupport

/// `spikeline replay4ncl`: the main job.
struct Replay4NCLCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "replay4ncl",
    abstract: "Replay4NCL vs SpikingLR (and naive and joint training) on the bundled spoken digits, with chip costs.",
    discussion: """
      Class-incremental learning, 19 + 1: for each held-out class a backbone pre-trained without it \
      (Scenarios/Data/pretrained) learns that class while replaying latent spike trains of the other \
      19. SpikingLR runs at T = 100 and stores latents compressed 1:2 in time, decompressing them for \
      replay; Replay4NCL runs the phase at T = 40, stores latents at 40 steps and replays them directly, \
      lowering the learning layers' threshold and learning rate on a schedule. Naive (no replay) and \
      Joint (all data) bound them. Prints one table of old-, new- and all-class Top-1 accuracy on the \
      unseen test speakers, forgetting, replay-buffer bytes, wall time of the phase, its latency and \
      energy on the chip profile, and per-sample inference cost — means ± standard deviations over \
      held-out classes and seeds, with the paper's numbers beside ours. With --protocol progressive: \
      10 English digits first, then the German ones added one at a time.
      """,
    options: Replay4NCLOptions.common + [
      .value("--protocol", "<name>", "Which experiment.", default: "class-incremental", values: ["class-incremental", "progressive"]),
      .flag("--json", "Print one JSON object (methods with means and …Std values, every run, the comparison)."),
      .flag("--deterministic", "With --json: leave out wall-time fields, so that runs with the same seed give the same bytes."),
      .value("--out", "<dir>", "Write report.json, accuracy.svg (per epoch, old and new classes) and energy.svg."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    if arguments.value("--protocol") == "progressive" {
      try ProgressiveCommand.run(arguments, io: io)
      return
    }
    let (dataset, datasetPath) = try Replay4NCLOptions.dataset(arguments)
    let heldOut = try Replay4NCLOptions.heldOut(arguments, classes: dataset.classNames.count)
    let methods = try Replay4NCLOptions.methods(arguments)
    let experiment = ReplayExperiment(
      dataset: dataset, datasetName: datasetPath,
      pretrained: try Replay4NCLOptions.pretrained(arguments, heldOut: heldOut, backboneSteps: Set(methods.map(\.backboneSteps))),
      heldOutClasses: heldOut, seeds: try Replay4NCLOptions.seeds(arguments), methods: methods,
      runner: ReplayRunner(profile: try ProfileLoader.resolve(arguments.value("--profile") ?? "loihi")))
    let progress = io.progress("continual learning", total: heldOut.count * experiment.seeds.count * experiment.methods.count)
    let report = try experiment.run { result, _, _ in
      progress.advance(detail: "\(result.method) class \(result.heldOutClass) seed \(result.seed)")
    }
    progress.finish()
    if let directory = arguments.value("--out") { try writeOutputs(report, to: directory, io: io) }
    if arguments.flag("--json") {
      try io.printJSON(report, deterministic: arguments.flag("--deterministic"))
    } else {
      printTable(report, io: io)
    }
  }

  static func percent(_ mean: Double, _ std: Double) -> String { String(format: "%.1f ± %.1f", mean * 100, std * 100) }

  static func printTable(_ report: ReplayExperimentReport, io: CommandIO) {
    io.print("Class-incremental 19 + 1 on \(report.dataset): held-out classes \(report.heldOutClasses.map(String.init).joined(separator: ", ")) × seeds \(report.seeds.map(String.init).joined(separator: ", ")); accuracy on the unseen test speakers; chip profile \(report.profile)")
    var table = TextTable(["method", "T", "old Top-1 %", "new Top-1 %", "all Top-1 %", "forgetting %", "buffer B", "CL wall s", "CL chip latency", "CL chip energy", "inference/sample"])
    for m in report.methods {
      table.add([m.name, "\(m.steps)", percent(m.oldAccuracy, m.oldAccuracyStd), percent(m.newAccuracy, m.newAccuracyStd),
                 percent(m.allAccuracy, m.allAccuracyStd), percent(m.forgetting, m.forgettingStd), String(format: "%.0f", m.bufferBytes),
                 String(format: "%.2f ± %.2f", m.wallSeconds, m.wallSecondsStd), Format.si(m.chipLatencySeconds, "s"),
                 Format.si(m.chipEnergyJoules, "J"), "\(Format.si(m.inferenceLatencySeconds, "s")), \(Format.si(m.inferenceEnergyJoules, "J"))"])
    }
    io.print(table.text)
    guard let c = report.comparison else { return }
    var comparison = TextTable(["Replay4NCL vs SpikingLR", "paper (DAC 2025)", "measured here"])
    comparison.add(["old-class Top-1", String(format: "%.2f%% vs %.2f%%", c.paper.oldAccuracyReplay4NCL * 100, c.paper.oldAccuracySpikingLR * 100),
                    String(format: "%.2f%% vs %.2f%%", c.measured.oldAccuracyReplay4NCL * 100, c.measured.oldAccuracySpikingLR * 100)])
    comparison.add(["latency speed-up (CL phase)", String(format: "%.2fx", c.paper.latencySpeedup),
                    String(format: "%.2fx on the chip model, %.2fx wall time here", c.measured.latencySpeedup, c.wallTimeSpeedup)])
    comparison.add(["latent memory saving", Format.percent(c.paper.memorySaving), Format.percent(c.measured.memorySaving)])
    comparison.add(["energy saving (CL phase)", Format.percent(c.paper.energySaving), Format.percent(c.measured.energySaving)])
    comparison.add(["inference per sample", "-", String(format: "%.2fx faster, %@ less energy", c.inferenceLatencySpeedup, Format.percent(c.inferenceEnergySaving))])
    io.print(comparison.text)
  }

  static func writeOutputs(_ report: ReplayExperimentReport, to directory: String, io: CommandIO) throws {
    try ensureDirectory(directory)
    try AtomicFileWriter.write(try JSONOutput.string(report) + "\n", to: directory + "/report.json")
    var series: [Series] = []
    for method in report.methods {
      let runs = report.runs.filter { $0.method == method.name }
      let epochs = runs.map(\.curve.count).min() ?? 0
      guard epochs > 0 else { continue }
      let old = (0..<epochs).map { e in (Double(e + 1), runs.reduce(0) { $0 + $1.curve[e].oldAccuracy } / Double(runs.count) * 100) }
      let new = (0..<epochs).map { e in (Double(e + 1), runs.reduce(0) { $0 + $1.curve[e].newAccuracy } / Double(runs.count) * 100) }
      series.append(Series(name: "\(method.name) old", points: old))
      series.append(Series(name: "\(method.name) new", points: new, dashed: true))
    }
    try AtomicFileWriter.write(Plots.lines(title: "Accuracy during continual learning (test speakers)", xLabel: "epoch",
                                           yLabel: "Top-1 accuracy (%)", series: series, yRange: 0...100), to: directory + "/accuracy.svg")
    let parts = ["forward", "backward", "update", "memory", "management", "static"]
    let values = report.methods.map { method -> [Double] in
      let runs = report.runs.filter { $0.method == method.name }
      let n = Double(max(runs.count, 1))
      func mean(_ f: (TrainingCostReport.Parts) -> Double) -> Double { runs.reduce(0) { $0 + f($1.trainingCost.energyJoules) } / n * 1e3 }
      return [mean(\.forward), mean(\.backward), mean(\.update), mean(\.memory), mean(\.management), mean(\.static)]
    }
    try AtomicFileWriter.write(Plots.stackedBars(title: "Energy of the continual-learning phase on \(report.profile)", yLabel: "energy (mJ)",
                                                 categories: report.methods.map(\.name), components: parts, values: values), to: directory + "/energy.svg")
    io.printError("wrote report.json, accuracy.svg, energy.svg to \(directory)")
  }
}
