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
