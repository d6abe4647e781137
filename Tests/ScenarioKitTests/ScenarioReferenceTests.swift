import Foundation
import Testing


@Suite struct ScenarioReferenceTests {
  /// Every field name the scenario parsers read: subscripts `c["field"]` and `known:` lists.
  func parsedFields() throws -> Set<String> {
    let folder = packageRoot + "/Sources/ScenarioKit/Model"
    var fields = Set<String>()
    let subscriptKey = try Regex(#"\["([A-Za-z]+)"\]"#)
    let quoted = try Regex(#""([A-Za-z]+)""#)
    for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".swift") {
      let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
      for match in text.matches(of: subscriptKey) { if let key = match.output[1].substring { fields.insert(String(key)) } }
      for line in text.split(separator: "\n") where line.contains("known:") || line.contains("Keys =") || line.contains("let common =") || line.contains("known +=") {
        for match in line.matches(of: quoted) { if let key = match.output[1].substring { fields.insert(String(key)) } }
      }
    }
    // Words the parsers match as values or inline-profile keys, not scenario fields of their own.
    return fields.subtracting(["network", "sources", "summary"])
  }

  @Test("The README's scenario reference names every field the parser reads, and only those")
  func referenceMatchesParser() throws {
    let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
    let start = try #require(readme.range(of: "## Scenario reference"))
    let section = readme[start.upperBound...].prefix { _ in true }
    let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
    let reference = String(section[..<end])
    let fields = try parsedFields()
    #expect(fields.count > 60, "parsed \(fields.sorted())")
    let missing = fields.filter { !reference.contains("`\($0)`") && !reference.contains("\"\($0)\"") }
    #expect(missing.isEmpty, "fields the parser reads but the README's scenario reference does not name: \(missing.sorted())")
    // The first column of every table: each named field must be one the parser reads.
    let documented = reference.split(separator: "\n").filter { $0.hasPrefix("| `") }.flatMap { row -> [String] in
      let cell = row.dropFirst(1).prefix { $0 != "|" }
      return cell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
    let kinds: Set<String> = ["classifier", "train", "replay4ncl", "spikinglr"]
    let unknown = documented.filter { !fields.contains($0) && !kinds.contains($0) }
    #expect(unknown.isEmpty, "the README documents fields the parser does not read: \(unknown)")
  }
}
