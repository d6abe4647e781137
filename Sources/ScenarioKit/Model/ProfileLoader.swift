import ChipModel
import Foundation
import SpikelineSupport

/// Loads chip profiles by name or from JSON files, for `--profile` and scenario files.
public enum ProfileLoader {
  /// A built-in profile by name, or else the profile JSON file at `nameOrPath`.
  /// - Throws: `SpikelineErrors` naming the file and field of every problem, or an unknown name.
  public static func resolve(_ nameOrPath: String) throws -> ChipProfile {
    if let profile = try? ChipProfile.named(nameOrPath) { return profile }
    if nameOrPath.hasSuffix(".json") || FileManager.default.fileExists(atPath: nameOrPath) {
      return try load(file: nameOrPath)
    }
    throw SpikelineError.field("profile", "unknown chip profile '\(nameOrPath)' (known: \(ChipProfile.builtIn.map(\.name).joined(separator: ", ")); or a path to a profile .json file)")
  }

  /// Reads a profile JSON file: a whole profile, or `{"base": "loihi", ...overrides}`.
  /// - Throws: `SpikelineErrors` naming the file and field of every problem.
  public static func load(file path: String) throws -> ChipProfile {
    let bytes = try readFileBytes(path)
    let root: JSONValue
    switch JSONParser.parse(bytes, file: path) {
    case .success(let parsed): root = parsed.value
    case .failure(let error): throw SpikelineErrors([error])
    }
    let diagnostics = Diagnostics(file: path)
    let cursor = JSONCursor(value: root, path: "", diagnostics: diagnostics)
    guard case .object = root else {
      cursor.error("expected a JSON object holding a chip profile, found \(JSONCursor.typeName(root))")
      throw SpikelineErrors(diagnostics.errors)
    }
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    let profile = ProfileParser.parseObject(cursor, origin: "file \(path)", directory: directory)
    if !diagnostics.errors.isEmpty { throw SpikelineErrors(diagnostics.errors) }
    guard let profile else { throw SpikelineErrors([SpikelineError(.invalidInput, file: path, "could not be read as a chip profile")]) }
    return profile
  }
}
