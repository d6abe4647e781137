import ScenarioKit
import Foundation
import ChipModel
import ContinualLearning
import SpikeData
import SpikeTraining
import SpikelineSupport

/// `spikeline replay4ncl search`: choose Replay4NCL's schedules on validation speakers only.
struct Replay4NCLSearchCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "search",
    abstract: "Grid-search Replay4NCL's threshold and learning-rate schedules on validation speakers.",
    discussion: """
      Runs Replay4NCL for every combination of threshold start and end factors (end ≤ start) and \
      end learning-rate factors, on the validation speakers: the last --validation-speakers training \
      speakers, which the bundled backbones never saw and which are kept out of the continual-learning \
      data too. The score is the mean of old- and new-class accuracy there. The test split is never \
      touched. Prints every setting sorted by score; the best one is the default of spikeline replay4ncl.
      """,
    options: Replay4NCLOptions.common.filter { $0.name != "--held-out" && $0.name != "--seeds" } + [
      .value("--held-out", "<classes>", "Held-out classes to search on.", default: "2,10,14"),
      .value("--seeds", "<n>", "Seeds per setting.", default: "1"),
      .value("--threshold-starts", "<list>", "Threshold factors at the first epoch.", default: "1,0.9,0.8"),
      .value("--threshold-ends", "<list>", "Threshold factors at the last epoch.", default: "0.9,0.8,0.7,0.6"),
      .value("--lr-ends", "<list>", "Learning-rate factors at the last epoch.", default: "1,0.5,0.25"),
      .value("--validation-speakers", "<n>", "Training speakers used for validation.", default: "4"),
      .flag("--json", "Print every setting and its scores as JSON."),
    ])

  struct Row: Encodable {
    var thresholdStart: Float
    var thresholdEnd: Float
    var learningRateEnd: Float
    var oldAccuracy: Double
    var newAccuracy: Double
    var score: Double
  }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let (dataset, datasetPath) = try Replay4NCLOptions.dataset(arguments)
    let heldOut = try Replay4NCLOptions.heldOut(arguments, classes: dataset.classNames.count, default: "2,10,14")
    let validation = Set(try TrainCommand.validationSpeakers(dataset, count: try arguments.int("--validation-speakers", default: 4, in: 1...1000)))
    guard let base = try Replay4NCLOptions.methods(arguments).first(where: { $0.name == "Replay4NCL" }) else { return }
    let pretrained = try Replay4NCLOptions.pretrained(arguments, heldOut: heldOut, backboneSteps: [base.backboneSteps])
    func list(_ name: String, _ fallback: String) throws -> [Float] {
      try (arguments.value(name) ?? fallback).split(separator: ",").map { part in
        guard let value = Float(part.trimmingCharacters(in: .whitespaces)), value > 0 else {
          throw SpikelineError.usage("\(name) expects positive numbers separated by commas, got '\(part)'")
        }
        return value
      }
    }
    var methods: [ReplayMethod] = []
    for start in try list("--threshold-starts", "1,0.9,0.8") {
      for end in try list("--threshold-ends", "0.9,0.8,0.7,0.6") where end <= start {
        for lrEnd in try list("--lr-ends", "1,0.5,0.25") {
          var method = base
          method.thresholdStart = start
          method.thresholdEnd = end
          method.learningRateStart = 1
          method.learningRateEnd = lrEnd
          method.name = String(format: "θ %.2f→%.2f lr ×%.2f", start, end, lrEnd)
          methods.append(method)
        }
      }
    }
    let experiment = ReplayExperiment(dataset: dataset, datasetName: datasetPath, pretrained: pretrained, heldOutClasses: heldOut,
                                      seeds: try Replay4NCLOptions.seeds(arguments), methods: methods,
                                      runner: ReplayRunner(profile: try ProfileLoader.resolve(arguments.value("--profile") ?? "loihi"),
                                                           inferenceSamples: 0, evaluation: .validation, recordCurves: false),
                                      validationSpeakers: validation)
    let progress = io.progress("search", total: heldOut.count * experiment.seeds.count * methods.count)
    let report = try experiment.run { _, _, _ in progress.advance() }
    progress.finish()
    var rows = zip(methods, report.methods).map { method, summary in
      Row(thresholdStart: method.thresholdStart, thresholdEnd: method.thresholdEnd, learningRateEnd: method.learningRateEnd,
          oldAccuracy: summary.oldAccuracy, newAccuracy: summary.newAccuracy, score: (summary.oldAccuracy + summary.newAccuracy) / 2)
    }
    rows.sort { $0.score > $1.score }
    if arguments.flag("--json") { try io.printJSON(rows); return }
    io.print("Replay4NCL schedule search on \(validation.count) validation speakers (training split), held-out classes \(heldOut.map(String.init).joined(separator: ", ")), T = \(base.steps), latent layer \(base.latentLayer)")
    var table = TextTable(["threshold start", "threshold end", "lr end", "old %", "new %", "score %"])
    for row in rows {
      table.add([String(format: "%.2f", row.thresholdStart), String(format: "%.2f", row.thresholdEnd), String(format: "%.2f", row.learningRateEnd),
                 String(format: "%.1f", row.oldAccuracy * 100), String(format: "%.1f", row.newAccuracy * 100), String(format: "%.1f", row.score * 100)])
    }
    io.print(table.text)
  }
}
