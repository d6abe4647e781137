import Foundation
import SpikelineSupport

/// `spikeline bench fuzz`: a seeded mutation-fuzzing campaign over every reader.
struct BenchFuzzCommand: SpikelineCommand {
  static let spec = CommandSpec(
    name: "fuzz",
    abstract: "Fuzz every reader (scenario JSON, .spkd, .spkc, WAV, NPY, IDX, command-line values) with seeded mutations.",
    discussion: """
      Case i mutates a valid input of reader i mod 7 (bit flips, extreme bytes and words, insertions, \
      cuts, repeats; extreme numbers and deep nesting in text; checkpoint headers edited with the \
      checksum recomputed; command lines with extreme values) and reads it as the command would. \
      Each outcome must be acceptance or a clear error. Cases run in forked children of --batch cases \
      with --seconds per case and --memory GiB per child, so a trap (crash), a hang or a runaway \
      allocation is counted and the campaign goes on. Prints counts per reader and every finding with \
      the case number that reproduces it (same --seed, same cases). A release build is expected.
      """,
    options: [
      .value("--cases", "<n>", "Cases to run.", default: "10000"),
      .value("--seed", "<n>", "Seed of the mutations.", default: "1"),
      .value("--start", "<i>", "First case (to resume or reproduce one).", default: "0"),
      .value("--batch", "<n>", "Cases per forked child.", default: "500"),
      .value("--seconds", "<s>", "Time limit per case.", default: "10"),
      .value("--memory", "<GiB>", "Address-space limit per child.", default: "4"),
      .value("--out", "<dir>", short: "-o", "Write each finding's input there (case-N.target)."),
      .flag("--json", "Print the report as JSON."),
    ])

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws {
    let cases = try arguments.int("--cases", default: 10_000, in: 1...100_000_000)
    let start = try arguments.int("--start", default: 0, in: 0...Int.max / 2)
    let seed = UInt64(try arguments.int("--seed", default: 1, in: 0...Int.max))
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spikeline-fuzz-\(ProcessInfo.processInfo.processIdentifier)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let campaign = FuzzCampaign(targets: try FuzzTargets(folder: folder).all, seed: seed)
    let progress = io.progress("fuzzing", total: cases)
    let began = Date()
    let report = campaign.runIsolated(start..<(start + cases), batch: try arguments.int("--batch", default: 500, in: 1...1_000_000),
                                      seconds: UInt32(try arguments.int("--seconds", default: 10, in: 1...3600)),
                                      memoryBytes: UInt64(try arguments.int("--memory", default: 4, in: 1...1024)) << 30) { done in
      progress.advance(to: done)
    }
    progress.finish()
    if let out = arguments.value("--out") {
      try ensureDirectory(out)
      for finding in report.findings {
        try AtomicFileWriter.write(campaign.input(finding.index).bytes, to: "\(out)/case-\(finding.index).\(finding.target)")
      }
    }
    if arguments.flag("--json") { try io.printJSON(report); return }
    var table = TextTable(["reader", "cases", "accepted", "clear errors", "other errors", "crashes", "hangs"])
    for name in report.counts.keys.sorted() {
      let c = report.counts[name] ?? [:]
      func n(_ o: FuzzCampaign.Outcome) -> String { "\(c[o.rawValue] ?? 0)" }
      table.add([name, "\(c.values.reduce(0, +))", n(.accepted), n(.cleanError), n(.otherError), n(.crash), n(.hang)])
    }
    io.print(table.text)
    io.print("\(cases) cases (seed \(seed), from case \(start)) in \(String(format: "%.0f", Date().timeIntervalSince(began))) s: \(report.crashes) crashes, \(report.hangs) hangs, \(report.otherErrors) errors that are not SpikelineErrors")
    for finding in report.findings.prefix(50) {
      io.print("  case \(finding.index) (\(finding.target)): \(finding.outcome.rawValue) \(finding.detail)")
    }
  }
}
