import Foundation
import ChipModel
import SpikeCore
import SpikelineSupport

/// Reads scenario files: parsed once with line and column for syntax errors, then validated
/// field by field so that every problem is reported with its JSON path, not only the first.
public enum ScenarioLoader {
  /// Scenario kinds beyond `network`, registered by the modules that run them.
  public static let experimentKinds = ["classifier", "train", "replay4ncl", "spikinglr"]

  /// One rank's share of a chip-time network split over ranks: the rank keeps only the synapses onto
  /// its own neurons and onto the rest of the chip cores whose cost it accounts for
  /// (`ChipSession.rankShareMargin`), so that ranks divide the tables' memory.
  public struct RankShare {
    /// The ranks.
    public var ranks: SpikeExchange
    /// The profile the run is costed on, if not the scenario's own (`run --profile`).
    public var profile: ChipProfile?

    public init(ranks: SpikeExchange, profile: ChipProfile? = nil) {
      self.ranks = ranks
      self.profile = profile
    }
  }

  /// Reads and validates `path`.
  /// - Parameter rankShare: build only that rank's share of a chip-time network's synapses.
  /// - Throws: `SpikelineErrors` listing every problem (each one line: file, JSON path, message).
  public static func load(_ path: String, rankShare: RankShare? = nil) throws -> Scenario {
    let bytes = try readFileBytes(path)
    return try parse(bytes, file: path, rankShare: rankShare)
  }

  /// Validates scenario JSON text (`file` names it in messages).
  public static func parse(_ bytes: [UInt8], file: String, rankShare: RankShare? = nil) throws -> Scenario {
    let root: JSONValue, duplicates: [String]
    switch JSONParser.parse(bytes, file: file) {
    case .success(let parsed): (root, duplicates) = parsed
    case .failure(let error): throw SpikelineErrors([error])
    }
    let diagnostics = Diagnostics(file: file)
    for key in duplicates { diagnostics.add(key, "appears more than once in the same object") }
    let cursor = JSONCursor(value: root, path: "", diagnostics: diagnostics)
    guard case .object = root else {
      cursor.error("expected a JSON object at the top level, found \(JSONCursor.typeName(root))")
      throw SpikelineErrors(diagnostics.errors)
    }
    let kind = cursor["kind"].string(allowed: ["network"] + experimentKinds) ?? "network"
    let description = cursor["description"].string(required: true) ?? ""
    if cursor["description"].isPresent && description.trimmingCharacters(in: .whitespaces).isEmpty {
      cursor["description"].error("must say what the scenario shows")
    }
    let seed = cursor["seed"].int(in: 0...Int.max).map { UInt64($0) } ?? 0
    let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
    let body: Scenario.Body?
    if kind == "network" {
      body = NetworkScenarioParser(cursor: cursor, seed: seed, directory: directory, rankShare: rankShare).parse().map { .network($0) }
    } else {
      body = ExperimentParser(cursor: cursor, seed: seed, directory: directory).parse(kind: kind).map { .experiment($0) }
    }
    if !diagnostics.errors.isEmpty { throw SpikelineErrors(diagnostics.errors) }
    guard let body else { throw SpikelineErrors([SpikelineError(.invalidInput, file: file, "could not be read")]) }
    return Scenario(file: file, description: description, seed: seed, body: body)
  }
}
