import ChipModel
import Foundation
import SpikelineSupport
import SpikeCore

/// Reads a chip profile from a scenario or a profile file: a built-in name (`"loihi"`), a path to
/// a profile JSON file (`"my-chip.json"`, relative to the scenario), or an object holding either a
/// whole profile (`name` and figures) or a built-in with overrides (`{"base": "loihi",
/// "staticPowerPerChip": 0.09}`). Overridden figures are marked as the user's in the profile's
/// provenance.
enum ProfileParser {
  /// The profile at `c`, nil if absent or wrong (the problem is added to the diagnostics).
  static func parse(_ c: JSONCursor, directory: String) -> ChipProfile? {
    switch c.value {
    case nil, .null?: return nil
    case .string(let text)?: return named(text, c, directory: directory)
    case .object?: return parseObject(c, origin: "scenario \(c.diagnostics.file ?? "")", directory: directory)
    default:
      c.error("expected a profile name, a .json profile file or an object with the profile's figures")
      return nil
    }
  }

  static func named(_ text: String, _ c: JSONCursor, directory: String) -> ChipProfile? {
    if let profile = try? ChipProfile.named(text) { return profile }
    if text.hasSuffix(".json") {
      let path = text.hasPrefix("/") ? text : directory + "/" + text
      do { return try ProfileLoader.load(file: path) } catch { c.diagnostics.add(error, under: c.path) }
      return nil
    }
    c.error("unknown chip profile '\(text)' (known: \(ChipProfile.builtIn.map(\.name).joined(separator: ", ")); or a .json profile file)")
    return nil
  }

  static func parseObject(_ c: JSONCursor, origin: String, directory: String) -> ChipProfile? {
    guard case .object(let dictionary)? = c.value else { return nil }
    let known = ChipProfile.jsonKeys + ["base"]
    let base: ChipProfile?
    if c["base"].isPresent {
      guard let name = c["base"].string(), let found = named(name, c["base"], directory: directory) else { return nil }
      base = found
    } else {
      base = nil
    }
    guard c.object(known: known, required: base == nil ? ["name"] : []) else { return nil }
    var fields: [String: JSONValue] = [:]
    if let base, let encoded = try? JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(base)),
       case .object(let baseFields) = encoded {
      fields = baseFields
      fields["name"] = .string(base.name + "-custom")
      fields["summary"] = .string(base.summary + ", with the user's overrides")
    }
    let overrides = dictionary.filter { $0.key != "base" && known.contains($0.key) }
    for (key, value) in overrides where key != "provenance" { fields[key] = value }
    if fields["summary"] == nil { fields["summary"] = .string("user profile") }
    if fields["sources"] == nil { fields["sources"] = .array([]) }
    if fields["provenance"] == nil { fields["provenance"] = .object([:]) }
    do {
      let data = try JSONEncoder().encode(JSONValue.object(fields))
      var profile = try JSONDecoder().decode(ChipProfile.self, from: data)
      let given = ChipProfile.figures.map(\.name).filter { overrides[$0] != nil }
      for name in given { profile.provenance[name] = FigureProvenance(.user, origin) }
      if case .object? = overrides["provenance"] {
        let data = try JSONEncoder().encode(overrides["provenance"])
        let notes = try JSONDecoder().decode([String: FigureProvenance].self, from: data)
        profile.provenance.merge(notes) { _, new in new }
      }
      for error in profile.validationErrors() { c.diagnostics.add(error, under: c.path.replacingOccurrences(of: ".profile", with: "")) }
      return profile
    } catch let DecodingError.typeMismatch(_, context) {
      c.diagnostics.add(c.path + "." + context.codingPath.map(\.stringValue).joined(separator: "."), "has the wrong type: \(context.debugDescription)")
    } catch let DecodingError.keyNotFound(key, _) {
      c[key.stringValue].error("is required")
    } catch let DecodingError.dataCorrupted(context) {
      c.diagnostics.add(c.path + "." + context.codingPath.map(\.stringValue).joined(separator: "."), "is not valid: \(context.debugDescription)")
    } catch {
      c.error("is not a valid chip profile: \(error)")
    }
    return nil
  }
}
