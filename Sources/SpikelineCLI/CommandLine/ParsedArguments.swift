import SpikelineSupport
import Foundation

/// Arguments after parsing against a `CommandSpec`.
struct ParsedArguments: Sendable {
  var values: [String: [String]] = [:]
  var flags: Set<String> = []
  var positionals: [String] = []

  func flag(_ name: String) -> Bool { flags.contains(name) }
  func value(_ name: String) -> String? { values[name]?.last }
  func allValues(_ name: String) -> [String] { values[name] ?? [] }

  /// An integer option, checked against `range`.
  func int(_ name: String, default fallback: Int, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
    guard let text = value(name) else { return fallback }
    guard let number = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(number) else {
      throw SpikelineError.usage("\(name) expects an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
    }
    return number
  }

  /// An optional integer option.
  func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
    guard value(name) != nil else { return nil }
    return try int(name, default: 0, in: range)
  }

  /// A real-number option, checked against `range`.
  func double(_ name: String, default fallback: Double, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double {
    guard let text = value(name) else { return fallback }
    guard let number = Double(text), number.isFinite, range.contains(number) else {
      throw SpikelineError.usage("\(name) expects a number in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
    }
    return number
  }

  /// An optional real-number option.
  func double(_ name: String, in range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude) throws -> Double? {
    guard value(name) != nil else { return nil }
    return try double(name, default: 0, in: range)
  }

  /// A comma-separated list of integers.
  func intList(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> [Int]? {
    guard let text = value(name) else { return nil }
    var result: [Int] = []
    for part in text.split(separator: ",") {
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      if let dots = trimmed.range(of: "..."), let a = Int(trimmed[..<dots.lowerBound]), let b = Int(trimmed[dots.upperBound...]), a <= b {
        // Check the bounds before expanding: a range like 0...Int.max must not be built.
        if let bad = [a, b].first(where: { !range.contains($0) }) {
          throw SpikelineError.usage("\(name): \(bad) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        guard b - a < 1_000_000 else { throw SpikelineError.usage("\(name): the range \(a)...\(b) has more than a million values") }
        result += Array(a...b)
      } else if let number = Int(trimmed) {
        result.append(number)
      } else {
        throw SpikelineError.usage("\(name) expects integers separated by commas (or a...b ranges), got '\(text)'")
      }
    }
    if let bad = result.first(where: { !range.contains($0) }) {
      throw SpikelineError.usage("\(name): \(bad) is outside \(range.lowerBound)...\(range.upperBound)")
    }
    return result
  }
}
