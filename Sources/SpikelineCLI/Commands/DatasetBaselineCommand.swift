import SpikeData
import SpikelineSupport

/// `spikeline dataset baseline FILE`: non-spiking classifiers on binned spike counts.
struct DatasetBaselineCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "baseline",
    abstract: "Score nearest-centroid and logistic-regression classifiers on binned spike counts.",
    discussion: "Trains on the train split and reports test accuracy over the 20 classes, for the language (English vs German) and for the digit, against chance. Features: spike counts in 35 channel groups × 10 time bins of 100 ms, log(1 + n), standardised.",
    arguments: [ArgumentSpec("file", "A .spkd dataset.")],
    options: [.flag("--json", "Print one JSON object.")])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let dataset = try SpikeDataset.read(arguments.positionals[0])
    let report = try CountBaseline().evaluate(dataset)
    if arguments.flag("--json") { try io.printJSON(report); return }
    io.print("\(report.trainSamples) train / \(report.testSamples) test samples, \(report.features) features; chance \(Format.percent(report.chance, 1))")
    var table = TextTable(["classifier", "20 classes", "language", "digit"])
    for (name, accuracy) in [("nearest centroid", report.nearestCentroid), ("logistic regression", report.logisticRegression)] {
      table.add([name, Format.percent(accuracy.classes, 1), Format.percent(accuracy.language, 1), Format.percent(accuracy.digit, 1)])
    }
    io.print(table.text)
  }
}
