import Foundation
import SpikeData
import SpikelineSupport

/// `spikeline encode WAV... --out FILE`: the cochlear front end on your own recordings.
struct EncodeCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "encode",
    abstract: "Turn WAV recordings into spikes with the 700-channel cochlear front end.",
    discussion: "Reads WAV files (PCM 8/16/24/32-bit or float, any channels and sample rate), resamples to 16 kHz, and encodes them as a .spkd dataset whose samples all carry --label and --split. Prints spikes and active channels per file.",
    arguments: [ArgumentSpec("wav", "WAV files.", variadic: true)],
    options: [
      .value("--out", "<file>", "The .spkd file to write."),
      .value("--label", "<class>", "Class index or name of every file (classes are the 20 spoken digits).", default: "0"),
      .value("--split", "<split>", "Split of every file.", default: "train", values: ["train", "test"]),
      .value("--drive-threshold", "<d>", "Cochlea drive below which a channel stays silent.", default: "0.3"),
      .flag("--json", "Print one JSON object."),
    ])

  struct FileSummary: Encodable { var file: String; var spikes: Int; var activeChannels: Int; var durationSeconds: Double }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    guard let out = arguments.value("--out") else { throw SpikelineError.usage("Missing required option '--out <file>'") }
    let classes = SpokenDigitPlan.words
    let labelText = arguments.value("--label") ?? "0"
    guard let label = Int(labelText) ?? classes.firstIndex(of: labelText), classes.indices.contains(label) else {
      throw SpikelineError.usage("--label must be a class index 0...19 or one of \(classes.joined(separator: ", "))")
    }
    var parameters = CochleaParameters()
    parameters.driveThreshold = try arguments.double("--drive-threshold", default: 0.3, in: 0.01...0.99)
    let cochlea = try Cochlea(parameters)
    let split: Split = arguments.value("--split") == "test" ? .test : .train
    var samples: [SpikeSample] = []
    var summaries: [FileSummary] = []
    for path in arguments.positionals {
      let audio = try WAVFile.read(path)
      let spikes = cochlea.spikes(audio)
      samples.append(SpikeSample(label: label, speaker: 0, split: split, duration: audio.duration, times: spikes.blocks, channels: spikes.channels))
      summaries.append(FileSummary(file: path, spikes: spikes.blocks.count, activeChannels: Set(spikes.channels).count, durationSeconds: audio.duration))
    }
    let dataset = SpikeDataset(channelCount: parameters.channels, timeUnit: 1 / Double(parameters.envelopeRate),
                               classNames: classes, speakerNames: ["recording"], samples: samples)
    try dataset.write(to: out)
    if arguments.flag("--json") { try io.printJSON(summaries); return }
    for summary in summaries {
      io.print("\(summary.file): \(summary.spikes) spikes on \(summary.activeChannels) channels in \(String(format: "%.3f", summary.durationSeconds)) s")
    }
    io.print("wrote \(out)")
  }
}
