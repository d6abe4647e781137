import Foundation
import SpikeData
import SpikelineSupport

/// `spikeline dataset info FILE`: what a spike dataset holds.
struct DatasetInfoCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "info",
    abstract: "Show the classes, sample counts, spikes per sample and durations of a spike dataset.",
    arguments: [ArgumentSpec("file", "A .spkd dataset, e.g. Scenarios/Data/spoken-digits.spkd.")],
    options: [.flag("--json", "Print one JSON object.")])

  struct ClassCount: Encodable { var label: Int; var name: String; var train: Int; var test: Int }
  struct Stats: Encodable { var mean: Double; var min: Double; var max: Double }
  struct Info: Encodable {
    var file: String
    var channels: Int
    var timeUnitSeconds: Double
    var samples: Int
    var train: Int
    var test: Int
    var speakers: Int
    var trainSpeakers: Int
    var testSpeakers: Int
    var classes: [ClassCount]
    var spikesPerSample: Stats
    var durationSeconds: Stats
    var activeChannelsPerSample: Stats
    var fileBytes: Int
  }

  static func stats(_ values: [Double]) -> Stats {
    guard !values.isEmpty else { return Stats(mean: 0, min: 0, max: 0) }
    return Stats(mean: values.reduce(0, +) / Double(values.count), min: values.min() ?? 0, max: values.max() ?? 0)
  }

  static func info(_ dataset: SpikeDataset, file: String, bytes: Int) -> Info {
    let classes = dataset.classNames.enumerated().map { label, name in
      ClassCount(label: label, name: name,
                 train: dataset.samples.filter { $0.label == label && $0.split == .train }.count,
                 test: dataset.samples.filter { $0.label == label && $0.split == .test }.count)
    }
    return Info(
      file: file, channels: dataset.channelCount, timeUnitSeconds: dataset.timeUnit, samples: dataset.samples.count,
      train: dataset.samples(in: .train).count, test: dataset.samples(in: .test).count, speakers: dataset.speakerNames.count,
      trainSpeakers: Set(dataset.samples(in: .train).map(\.speaker)).count,
      testSpeakers: Set(dataset.samples(in: .test).map(\.speaker)).count,
      classes: classes, spikesPerSample: stats(dataset.samples.map { Double($0.spikeCount) }),
      durationSeconds: stats(dataset.samples.map(\.duration)),
      activeChannelsPerSample: stats(dataset.samples.map { Double(Set($0.channels).count) }), fileBytes: bytes)
  }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let path = arguments.positionals[0]
    let bytes = try readFileBytes(path)
    let dataset = try SpikeDataset.decode(bytes, file: path)
    let summary = info(dataset, file: path, bytes: bytes.count)
    if arguments.flag("--json") { try io.printJSON(summary); return }
    io.print("\(path): \(summary.samples) samples (\(summary.train) train, \(summary.test) test), \(summary.channels) channels, \(dataset.classNames.count) classes, \(summary.speakers) speakers (\(summary.trainSpeakers) train, \(summary.testSpeakers) test), \(summary.fileBytes) bytes")
    io.print(String(format: "spikes per sample: mean %.0f, min %.0f, max %.0f; active channels per sample: mean %.0f", summary.spikesPerSample.mean,
                    summary.spikesPerSample.min, summary.spikesPerSample.max, summary.activeChannelsPerSample.mean))
    io.print(String(format: "duration: mean %.3f s, min %.3f s, max %.3f s; time unit %g s", summary.durationSeconds.mean,
                    summary.durationSeconds.min, summary.durationSeconds.max, summary.timeUnitSeconds))
    var table = TextTable(["label", "class", "train", "test"])
    for entry in summary.classes { table.add(["\(entry.label)", entry.name, "\(entry.train)", "\(entry.test)"]) }
    io.print(table.text)
  }
}
