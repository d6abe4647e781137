import ScenarioKit
import Foundation
import ChipDeployment
import ChipModel
import SpikeData
import SpikeTraining
import SpikelineSupport

/// `spikeline classify MODEL.spkc INPUT…`: one prediction per recording, with its chip cost.
struct ClassifyCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "classify",
    abstract: "Classify WAV recordings or spike-dataset samples with a trained model run on a chip, one prediction per input.",
    discussion: """
      Each input is binned into the model's time steps and run event by event in chip time on the \
      chip profile; the class is read out by the model's own rule, as in training. WAV files go \
      through the 700-channel cochlea first; a .spkd dataset contributes every sample of --split (or \
      a seeded random --limit of them). Prints a table (input, true class when known, prediction, \
      its score, energy and latency per sample), or --json or --csv with every class's score. Time \
      steps and window default to those the model was trained with (its checkpoint says).
      """,
    arguments: [ArgumentSpec("model", "A trained checkpoint (.spkc), e.g. Scenarios/Data/pretrained/feedforward-64.spkc."),
                ArgumentSpec("input", "WAV files or .spkd spike datasets.", variadic: true)],
    options: [
      .value("--steps", "<T>", "Time steps per input (default: the model's)."),
      .value("--window", "<seconds>", "Seconds of each recording binned into the steps (default: the model's)."),
      .value("--split", "<split>", "Samples of .spkd inputs to classify.", default: "test", values: ["train", "test"]),
      .value("--limit", "<n>", "At most n samples per .spkd input: a random subset (see --seed), in dataset order."),
      .value("--seed", "<n>", "Seed of the --limit subset.", default: "1"),
      .value("--class-names", "<list>", "Comma-separated class names (default: the model's dataset's, or the 20 spoken digits)."),
      .value("--profile", "<name|file>", "Chip profile.", default: "loihi"),
      .value("--drive-threshold", "<d>", "Cochlea drive below which a channel stays silent (WAV inputs).", default: "0.3"),
      .flag("--json", "Print one JSON document with every score, each sample's energy split and the chip report of all samples."),
      .flag("--csv", "Print CSV: one line per input with every score."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let modelPath = arguments.positionals[0]
    let paths = Array(arguments.positionals.dropFirst())
    guard !paths.isEmpty else { throw SpikelineError.usage("Missing expected argument '<input>': give WAV files or .spkd datasets to classify") }
    let checkpoint = try TrainingCheckpoint.read(modelPath)
    let steps = try arguments.int("--steps", in: 1...100_000) ?? checkpoint.metadata["steps"].flatMap { Int($0) } ?? 100
    let window = try arguments.double("--window", in: 1e-3...1e4) ?? checkpoint.metadata["window"].flatMap { Double($0) } ?? 1.0
    var parameters = CochleaParameters()
    parameters.driveThreshold = try arguments.double("--drive-threshold", default: 0.3, in: 0.01...0.99)
    let inputs = try ClassificationInput.load(paths, cochlea: try Cochlea(parameters), split: arguments.value("--split") == "train" ? .train : .test,
                                              limit: try arguments.int("--limit", in: 1...10_000_000),
                                              seed: UInt64(try arguments.int("--seed", default: 1, in: 0...Int.max)))
    let classifier = try ChipClassifier(model: checkpoint.model, steps: steps, window: window,
                                        profile: try ProfileLoader.resolve(arguments.value("--profile") ?? "loihi"))
    let names = try classNames(arguments, checkpoint: checkpoint, outputs: checkpoint.model.architecture.outputs)
    let progress = io.progress("classifying", total: inputs.count)
    let report = try ClassificationReport(classifier, inputs: inputs, window: window, classNames: names) { progress.advance() }
    progress.finish()
    for row in report.rows where row.secondsPastWindow > 0 {
      io.printError(String(format: "warning: %@ lasts %.3f s; the %.3f s after the %.3g s window are not seen by the model (--window)",
                           row.input, window + row.secondsPastWindow, row.secondsPastWindow, window))
    }
    if arguments.flag("--json") { try io.printJSON(report); return }
    if arguments.flag("--csv") { io.write(report.csv); return }
    var table = TextTable(["input", "true class", "predicted", "score", "energy", "latency"])
    for row in report.rows {
      table.add([row.input, row.label ?? "-", row.predicted + (row.correct == false ? " ✗" : ""),
                 String(format: "%.4g", row.scores[row.predictedClass]), Format.si(row.energyJoules, "J"), Format.si(row.latencySeconds, "s")])
    }
    io.print(table.text)
    let accuracy = report.accuracy.map { String(format: "; accuracy %.1f%% on %d labelled inputs", $0 * 100, report.rows.filter { $0.correct != nil }.count) } ?? ""
    io.print("\(report.rows.count) input\(report.rows.count == 1 ? "" : "s"), \(steps) steps over \(Format.si(window, "s")), on \(report.profile)\(accuracy)")
  }

  /// `--class-names`, else the class names of the dataset the model was trained on, else the 20
  /// spoken digits for a 20-output model, else "class N".
  static func classNames(_ arguments: ParsedArguments, checkpoint: TrainingCheckpoint, outputs: Int) throws -> [String] {
    if let text = arguments.value("--class-names") {
      let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      guard names.count == outputs else { throw SpikelineError.usage("--class-names: the model has \(outputs) classes, got \(names.count) names") }
      return names
    }
    if let path = checkpoint.metadata["dataset"], FileManager.default.fileExists(atPath: path),
       let dataset = try? SpikeDataset.readHeader(path), dataset.classNames.count == outputs {
      return dataset.classNames
    }
    return outputs == SpokenDigitPlan.words.count ? SpokenDigitPlan.words : (0..<outputs).map { "class \($0)" }
  }
}
