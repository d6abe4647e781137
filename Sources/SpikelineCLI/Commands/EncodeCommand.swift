import Foundation
import SpikeData
import SpikelineSupport

/// `spikeline encode WAV... -o FILE` (or `--manifest recordings.csv`): the cochlear front end on
/// your own recordings.
struct EncodeCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "encode",
    abstract: "Turn WAV recordings into a spike dataset with the 700-channel cochlear front end.",
    discussion: """
      Reads WAV files (PCM 8/16/24/32-bit or float, any channels and sample rate), resamples them to \
      16 kHz and encodes them as a .spkd dataset. Either list the files (every one gets --label and \
      --split) or give --manifest, a CSV of file,label,split[,speaker] lines (paths relative to the \
      manifest; labels are class indices or names), so that a folder of recordings becomes a dataset \
      with its labels, speakers and splits in one command. Warns about recordings longer than \
      --window, whose tail a model binned over that window does not see. Prints spikes and active \
      channels per file.
      """,
    arguments: [ArgumentSpec("wav", "WAV files (or give --manifest).", optional: true, variadic: true)],
    options: [
      .value("--out", "<file>", short: "-o", "The .spkd file to write.", required: true),
      .value("--manifest", "<csv>", "Recordings with their labels: lines file,label,split[,speaker]."),
      .value("--label", "<class>", "Class index or name of every listed file (classes are the 20 spoken digits).", default: "0"),
      .value("--split", "<split>", "Split of every listed file.", default: "train", values: ["train", "test"]),
      .value("--window", "<seconds>", "Window models bin recordings over; longer recordings get a warning.", default: "1"),
      .value("--drive-threshold", "<d>", "Cochlea drive below which a channel stays silent.", default: "0.3"),
      .flag("--json", "Print one JSON object."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let out = arguments.value("--out") ?? ""
    let classes = SpokenDigitPlan.words
    let manifest: RecordingManifest
    if let path = arguments.value("--manifest") {
      guard arguments.positionals.isEmpty else { throw SpikelineError.usage("give WAV files or --manifest, not both") }
      manifest = try RecordingManifest.read(path, classNames: classes)
    } else {
      guard !arguments.positionals.isEmpty else { throw SpikelineError.usage("Missing expected argument '<wav>' (or --manifest <csv>)") }
      let labelText = arguments.value("--label") ?? "0"
      guard let label = Int(labelText) ?? classes.firstIndex(of: labelText), classes.indices.contains(label) else {
        throw SpikelineError.usage("--label must be a class index 0...19 or one of \(classes.joined(separator: ", "))")
      }
      let split: Split = arguments.value("--split") == "test" ? .test : .train
      manifest = RecordingManifest(entries: arguments.positionals.map { .init(path: $0, label: label, split: split, speaker: 0) },
                                   speakerNames: ["recording"])
    }
    let window = try arguments.double("--window", default: 1, in: 1e-3...1e4)
    var parameters = CochleaParameters()
    parameters.driveThreshold = try arguments.double("--drive-threshold", default: 0.3, in: 0.01...0.99)
    let progress = io.progress("encoding", total: manifest.entries.count)
    let (dataset, summaries) = try RecordingEncoder(cochlea: try Cochlea(parameters), classNames: classes).encode(manifest) { progress.advance() }
    progress.finish()
    try dataset.write(to: out)
    for summary in summaries where summary.durationSeconds > window {
      io.printError(String(format: "warning: %@ lasts %.3f s; a model binned over %.3g s does not see the last %.3f s (--window)",
                           summary.file, summary.durationSeconds, window, summary.durationSeconds - window))
    }
    if arguments.flag("--json") { try io.printJSON(summaries); return }
    for summary in summaries {
      io.print("\(summary.file): \(summary.spikes) spikes on \(summary.activeChannels) channels in \(String(format: "%.3f", summary.durationSeconds)) s")
    }
    io.print("wrote \(out): \(dataset.samples.count) samples, \(dataset.speakerNames.count) speaker\(dataset.speakerNames.count == 1 ? "" : "s")")
  }
}
