import ChipModel
import Foundation
import SpikelineSupport
import SpikeCore

/// Reads an inline chip profile: the keys of `ChipProfile`, checked.
enum ProfileParser {
  static func parse(_ c: JSONCursor) -> ChipProfile? {
    guard case .object(let dictionary)? = c.value else { return nil }
    let known = ChipProfile.codingKeyNames
    c.object(known: known, required: ["name"])
    var fields = dictionary.filter { known.contains($0.key) }
    if fields["summary"] == nil { fields["summary"] = .string("") }
    if fields["sources"] == nil { fields["sources"] = .array([]) }
    do {
      let data = try JSONEncoder().encode(JSONValue.object(fields))
      var profile = try JSONDecoder().decode(ChipProfile.self, from: data)
      if profile.summary.isEmpty { profile.summary = "user profile" }
      for error in profile.validationErrors() { c.diagnostics.add(error, under: c.path.replacingOccurrences(of: ".profile", with: "")) }
      return profile
    } catch let DecodingError.typeMismatch(_, context) {
      c.diagnostics.add(c.path + "." + context.codingPath.map(\.stringValue).joined(separator: "."), "has the wrong type: \(context.debugDescription)")
    } catch let DecodingError.keyNotFound(key, _) {
      c[key.stringValue].error("is required")
    } catch {
      c.error("is not a valid chip profile: \(error)")
    }
    return nil
  }
}
