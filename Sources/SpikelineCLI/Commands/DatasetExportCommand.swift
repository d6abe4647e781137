import Foundation
import SpikeData
import SpikelineSupport

/// `spikeline dataset export`: binned samples as NumPy arrays for other frameworks.
struct DatasetExportCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "export",
    abstract: "Export binned samples as NumPy arrays (train_x.npy, train_y.npy, test_x.npy, test_y.npy).",
    discussion: "x is uint8 [samples, steps, channels] (spike counts, or 0/1 when clipped); y is int64 [samples]. Binning: --steps over --window seconds from 0; a spike at s falls in step floor(s·steps/window).",
    arguments: [ArgumentSpec("file", "A .spkd dataset.")],
    options: [
      .value("--out", "<dir>", short: "-o", "Directory for the .npy files.", required: true),
      .value("--steps", "<T>", "Time steps.", default: "100"),
      .value("--window", "<seconds>", "Seconds the steps cover.", default: "1.0"),
      .value("--mode", "<mode>", "Several spikes in one step and channel.", default: "clip", values: ["clip", "count"]),
    ])

  /// The largest `x` array written (4 GiB).
  static let maximumArrayBytes = 1 << 32

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    guard let out = arguments.value("--out") else { throw SpikelineError.usage("Missing required option '--out <dir>'") }
    let dataset = try SpikeDataset.read(arguments.positionals[0])
    let binning = Binning(steps: try arguments.int("--steps", default: 100), window: try arguments.double("--window", default: 1.0),
                          mode: arguments.value("--mode") == "count" ? .count : .clip)
    if let error = binning.validationErrors().first { throw SpikelineError.usage("--\(error.location?.description ?? "steps"): \(error.message)") }
    // Dense arrays of samples × steps × channels bytes: refuse sizes this machine cannot hold before binning.
    let largestSplit = Split.allCases.map { dataset.samples(in: $0).count }.max() ?? 0
    let bytes = Double(largestSplit) * Double(binning.steps) * Double(dataset.channelCount)
    guard bytes <= Double(Self.maximumArrayBytes) else {
      throw SpikelineError.usage("--steps \(binning.steps) gives a \(String(format: "%.3g", bytes))-byte array of \(largestSplit) samples × \(binning.steps) steps × \(dataset.channelCount) channels; at most \(Self.maximumArrayBytes) bytes fit (use fewer steps)")
    }
    try ensureDirectory(out)
    for split in Split.allCases {
      let binned = binning.bin(dataset, split: split)
      var x = [UInt8](repeating: 0, count: binned.count * binning.steps * dataset.channelCount)
      for (n, sample) in binned.enumerated() {
        for t in 0..<sample.steps {
          for k in sample.active(at: t) { x[(n * binning.steps + t) * dataset.channelCount + Int(sample.activeChannels[k])] = sample.counts[k] }
        }
      }
      try AtomicFileWriter.write(NPYFile.encodeUInt8(x, shape: [binned.count, binning.steps, dataset.channelCount]), to: "\(out)/\(split.name)_x.npy")
      try AtomicFileWriter.write(NPYFile.encodeInt64(binned.map { Int64($0.label) }, shape: [binned.count]), to: "\(out)/\(split.name)_y.npy")
      io.print("wrote \(out)/\(split.name)_x.npy [\(binned.count), \(binning.steps), \(dataset.channelCount)] and \(split.name)_y.npy")
    }
  }
}
