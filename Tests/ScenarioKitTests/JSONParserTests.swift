import Testing
import SpikelineSupport
@testable import ScenarioKit

@Suite struct JSONParserTests {
  private func parse(_ text: String) -> Result<(value: JSONValue, duplicates: [String]), SpikelineError> {
    JSONParser.parse(Array(text.utf8), file: "t.json")
  }

  @Test("One pass gives the value: nesting, numbers, literals, escapes and surrogate pairs")
  func values() throws {
    let (value, duplicates) = try parse(#"{"a": [1, -2.5e3, true, null], "s": "q\"\\\/\n\u00e9\ud83d\ude00"}"#).get()
    #expect(duplicates.isEmpty)
    #expect(value == .object(["a": .array([.number(1), .number(-2500), .bool(true), .null]), "s": .string("q\"\\/\né😀")]))
  }

  @Test("Duplicate keys are listed with their paths")
  func duplicates() throws {
    let (_, duplicates) = try parse(#"{"x": {"y": 1, "y": 2}, "x": 3}"#).get()
    #expect(duplicates == ["x.y", "x"])
  }

  @Test("Nesting deeper than the limit is an error with its line and column, not a stack overflow")
  func depthLimit() {
    let deep = String(repeating: "[", count: 60_000) + String(repeating: "]", count: 60_000)
    guard case .failure(let error) = parse(deep) else { Issue.record("accepted 60,000 levels"); return }
    #expect(error.description.contains("nest deeper than \(JSONParser.maximumDepth)") && error.description.contains("column"))
    let fine = String(repeating: "[", count: JSONParser.maximumDepth) + String(repeating: "]", count: JSONParser.maximumDepth)
    #expect((try? parse(fine).get()) != nil)
  }

  @Test("Syntax errors name line and column", arguments: [
    ("{\"a\": }", "line 1: column 7"), ("{\"a\" 1}", "expected ':'"), ("\"\\x\"", "unknown escape"),
    ("\"\\ud800\"", "low one"), ("[1e999]", "too large"), ("", "empty"),
  ])
  func syntaxErrors(text: String, expected: String) {
    guard case .failure(let error) = parse(text) else { Issue.record("accepted \(text)"); return }
    #expect(error.description.contains(expected), "\(error)")
  }
}
