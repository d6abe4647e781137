import ChipModel
import Foundation
import SpikelineSupport

/// `spikeline bench calibrate`: the chip model against published chip measurements.
struct BenchCalibrateCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "calibrate",
    abstract: "Rebuild published chip runs and set Spikeline's energy, power and time beside the measured figures.",
    discussion: """
      Cases: Frady et al. 2020 (k-NN search on a 32-chip Loihi board: core dynamic energy per query, \
      time per timestep), for the smallest, middle and largest published query (667, 708 and 750 input spikes); \
      the TrueNorth power sweep (Akopyan et al. 2015, Fig. 17: chip power at 11.6, 20.1 and 95.9 Hz). \
      Rows whose measurement was used to fit the profile are marked fitted: they check arithmetic, \
      not the model. Goal: within 15 % on energy and power, 25 % on time (SANA-FE's accuracy on \
      Loihi). The full k-NN network has 76.8 M synapses (about 4.5 GB and 45 s in a release \
      build); --knn-scale N simulates 1/N of the patterns.
      """,
    options: [
      .value("--knn-scale", "<n>", "Simulate 1/n of the k-NN patterns (n divides 76800).", default: "1"),
      .value("--truenorth-cores", "<n>", "TrueNorth cores simulated (n divides 4096).", default: "64"),
      .flag("--json", "Print one JSON object."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let scale = try arguments.int("--knn-scale", default: 1, in: 1...76_800)
    guard NearestNeighbourCalibration.patterns % scale == 0 else {
      throw SpikelineError(.invalidInput, "--knn-scale: \(scale) does not divide 76800")
    }
    let cores = try arguments.int("--truenorth-cores", default: 64, in: 1...4096)
    guard 4096 % cores == 0 else { throw SpikelineError(.invalidInput, "--truenorth-cores: \(cores) does not divide 4096") }
    let progress = io.progress("calibrating", total: 4)
    var checks: [CalibrationCheck] = []
    for spikes in [667, 708, 750] {
      checks += try NearestNeighbourCalibration.checks(scale: scale, inputSpikes: spikes)
      progress.advance(by: 1)
    }
    checks += try TrueNorthCalibration.checks(coresSimulated: cores)
    progress.advance(by: 1)
    progress.finish()
    if arguments.flag("--json") {
      struct Report: Encodable { var checks: [CalibrationCheck] }
      try io.printJSON(Report(checks: checks))
      return
    }
    var table = TextTable(["published run", "quantity", "published", "Spikeline", "ratio", "goal", "kind"])
    for check in checks {
      table.add([check.run, check.quantity, Format.si(check.published, check.unit), Format.si(check.spikeline, check.unit),
                 Format.fixed(check.ratio, 2), "±\(Int(check.tolerance * 100)) %",
                 check.fitted ? "fitted" : (check.isWithinTolerance ? "test: within" : "test: OUTSIDE")])
    }
    io.print(table.text)
    var printed = Set<String>()
    for check in checks where printed.insert(check.run.prefix(20) + check.note).inserted {
      io.print("  \(check.run.prefix { $0 != "," }): \(check.note)")
    }
  }
}
