import Foundation
import SpikelineSupport

/// Finished runs of a `BrainInspiredExperiment`, one JSON file per (scenario, method, seed) in a folder,
/// written as each run finishes (to a temporary file, then renamed), so that a long grid can be
/// stopped and resumed where it stopped. A stored run is reused only when everything that shapes it —
/// benchmark, scenario, method with its strengths, iterations, batch, rates, sizes, seed — is unchanged.
public struct RunStore: Sendable {
  /// The folder (created when the first run is saved).
  public var directory: String
  /// Whether stored runs are read back (`--resume`); otherwise runs are only written.
  public var reuses: Bool

  /// A store in `directory`.
  public init(directory: String, reuses: Bool) {
    self.directory = directory
    self.reuses = reuses
  }

  /// What a stored run must match to be reused.
  struct Key: Codable, Equatable {
    var stream: String
    var scenario: String
    var method: ContinualMethod
    var settings: ContinualSettings
  }

  struct Record: Codable {
    var key: Key
    var run: BrainInspiredReport.Run
  }

  /// The file of one run.
  func path(stream: String, scenario: String, method: String, seed: UInt64) -> String {
    let slug = "\(stream)-\(scenario)-\(method)".lowercased().map { $0.isLetter || $0.isNumber || $0 == "+" ? $0 : "-" }
    return directory + "/" + String(slug) + "-seed\(seed).json"
  }

  /// The stored run for `key`, if reusing and one was saved with the same key.
  /// - Throws: `SpikelineError` naming the file when it exists but cannot be read as a run.
  func load(_ key: Key) throws -> BrainInspiredReport.Run? {
    guard reuses else { return nil }
    let file = path(stream: key.stream, scenario: key.scenario, method: key.method.name, seed: key.settings.seed)
    guard FileManager.default.fileExists(atPath: file) else { return nil }
    let record: Record
    do {
      record = try JSONDecoder().decode(Record.self, from: Data(contentsOf: URL(fileURLWithPath: file)))
    } catch {
      throw SpikelineError(.invalidInput, "\(file): not a stored run (\(error.localizedDescription)); delete it to run it again")
    }
    return record.key == key ? record.run : nil
  }

  /// Saves a finished run (atomically).
  /// - Throws: `SpikelineError` when the folder or file cannot be written.
  func save(_ run: BrainInspiredReport.Run, key: Key) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let file = path(stream: key.stream, scenario: key.scenario, method: key.method.name, seed: key.settings.seed)
    try AtomicFileWriter.write(try JSONOutput.string(Record(key: key, run: run)) + "\n", to: file)
  }
}
