import Foundation
import SpikeData
import SpikelineSupport

/// `spikeline dataset import`: events from `.npy` files into a `.spkd` dataset.
struct DatasetImportCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "import",
    abstract: "Import .npy event files (tonic's (t, x, p) records or N×2 arrays) listed in a manifest.",
    discussion: "The manifest is CSV with lines file,label,split[,speaker]; paths are relative to it. Real SHD files (HDF5) convert with Scenarios/Data/shd_to_spkd.py, which needs Python's h5py.",
    options: [
      .value("--manifest", "<file>", "CSV manifest of event files."),
      .value("--out", "<file>", "The .spkd file to write."),
      .value("--channels", "<n>", "Number of input channels.", default: "700"),
      .value("--time-scale", "<seconds>", "Seconds per time unit in the files (1e-6 for tonic's microseconds).", default: "1e-6"),
      .value("--resolution", "<seconds>", "Time resolution stored in the dataset.", default: "1e-4"),
      .value("--classes", "<names>", "Comma-separated class names (default: the 20 spoken digits)."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    guard let manifest = arguments.value("--manifest"), let out = arguments.value("--out") else {
      throw SpikelineError.usage("--manifest <file> and --out <file> are required")
    }
    let classes = arguments.value("--classes").map { $0.split(separator: ",").map(String.init) } ?? SpokenDigitPlan.words
    let importer = EventImporter(channels: try arguments.int("--channels", default: 700, in: 1...65_536),
                                 secondsPerTimeUnit: try arguments.double("--time-scale", default: 1e-6, in: 1e-12...1e3),
                                 resolution: try arguments.double("--resolution", default: 1e-4, in: 1e-9...1),
                                 classNames: classes)
    let dataset = try importer.dataset(manifest: manifest)
    try dataset.write(to: out)
    io.print("wrote \(out): \(dataset.samples.count) samples")
  }
}

/// `spikeline dataset export`: binned samples as NumPy arrays for other frameworks.
struct DatasetExportCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "export",
    abstract: "Export binned samples as NumPy arrays (train_x.npy, train_y.npy, test_x.npy, test_y.npy).",
    discussion: "x is uint8 [samples, steps, channels] (spike counts, or 0/1 when clipped); y is int64 [samples]. Binning: --steps over --window seconds from 0; a spike at s falls in step floor(s·steps/window).",
    arguments: [ArgumentSpec("file", "A .spkd dataset.")],
    options: [
      .value("--out", "<dir>", "Directory for the .npy files."),
      .value("--steps", "<T>", "Time steps.", default: "100"),
      .value("--window", "<seconds>", "Seconds the steps cover.", default: "1.0"),
      .value("--mode", "<mode>", "Several spikes in one step and channel.", default: "clip", values: ["clip", "count"]),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    guard let out = arguments.value("--out") else { throw SpikelineError.usage("Missing required option '--out <dir>'") }
    let dataset = try SpikeDataset.read(arguments.positionals[0])
    let binning = Binning(steps: try arguments.int("--steps", default: 100), window: try arguments.double("--window", default: 1.0),
                          mode: arguments.value("--mode") == "count" ? .count : .clip)
    if let error = binning.validationErrors().first { throw SpikelineError.usage("--\(error.location?.description ?? "steps"): \(error.message)") }
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
