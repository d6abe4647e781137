import Foundation

/// Expected against actual spike times, matched in order within a tolerance, with a readable diff.
/// Independent of any test framework: `matches` and `report` work with XCTest too.
public struct SpikeTrainComparison: Sendable {
  /// How close two spike times must be (the same convention as every helper).
  public typealias Tolerance = SpikeTimeTolerance

  /// What the compared numbers are.
  public enum Unit: String, Sendable {
    /// Times in seconds.
    case seconds = "s"
    /// Chip ticks.
    case ticks
  }

  /// One line of the diff.
  public enum Row: Sendable, Equatable {
    /// An expected spike and the actual spike within tolerance.
    case matched(expected: Double, actual: Double)
    /// An expected spike with no actual spike near it.
    case missing(expected: Double)
    /// An actual spike that was not expected.
    case unexpected(actual: Double)
  }

  /// Names the train in the report (e.g. "cell[0]").
  public let label: String
  /// How far an actual spike may be from its expected time.
  public let tolerance: Tolerance
  /// Seconds, or chip ticks.
  public let unit: Unit
  /// The diff, one row per expected or actual spike, in time order.
  public let rows: [Row]

  /// Matches the two (sorted) trains: the earlier of the two heads is missing or unexpected
  /// unless both heads are within tolerance.
  public init(label: String, expected: [Double], actual: [Double], tolerance: Tolerance, unit: Unit = .seconds) {
    self.label = label
    self.tolerance = tolerance
    self.unit = unit
    let expected = expected.sorted(), actual = actual.sorted()
    var rows: [Row] = []
    var i = 0, j = 0
    while i < expected.count || j < actual.count {
      if i < expected.count && j < actual.count && tolerance.allows(expected[i], actual[j]) {
        rows.append(.matched(expected: expected[i], actual: actual[j])); i += 1; j += 1
      } else if j >= actual.count || (i < expected.count && expected[i] < actual[j]) {
        rows.append(.missing(expected: expected[i])); i += 1
      } else {
        rows.append(.unexpected(actual: actual[j])); j += 1
      }
    }
    self.rows = rows
  }

  /// True when every expected spike has its actual spike and there are no others.
  public var matches: Bool { rows.allSatisfy { if case .matched = $0 { return true }; return false } }
  /// Expected spikes with no actual spike within tolerance.
  public var missingCount: Int { rows.filter { if case .missing = $0 { return true }; return false }.count }
  /// Actual spikes that no expected spike accounts for.
  public var unexpectedCount: Int { rows.filter { if case .unexpected = $0 { return true }; return false }.count }

  /// The diff: a summary line and one line per spike (✓ matched, ✗ missing or unexpected), with
  /// the offset Δ = actual − expected of each matched spike.
  public var report: String {
    let matched = rows.count - missingCount - unexpectedCount
    let exact = unit == .ticks
    let within = exact ? "exact ticks" : "tolerance \(tolerance)"
    var lines = ["spike \(exact ? "ticks" : "times") of \(label) \(matches ? "match" : "do not match") (\(within)): \(matched) matched, \(missingCount) missing, \(unexpectedCount) unexpected"]
    func cell(_ text: String) -> String { text.padding(toLength: 20, withPad: " ", startingAt: 0) }
    lines.append("      " + cell("expected (\(unit.rawValue))") + cell("actual (\(unit.rawValue))") + "Δ (\(unit.rawValue))")
    func number(_ value: Double) -> String { cell(exact ? String(Int(value)) : String(format: "%.12g", value)) }
    func offset(_ value: Double) -> String { exact ? String(format: "%+d", Int(value)) : String(format: "%+.3g", value) }
    let none = cell("—")
    for row in rows {
      switch row {
      case .matched(let e, let a): lines.append("  ✓   " + number(e) + number(a) + offset(a - e))
      case .missing(let e): lines.append("  ✗   " + number(e) + none + "missing")
      case .unexpected(let a): lines.append("  ✗   " + none + number(a) + "unexpected")
      }
    }
    return lines.joined(separator: "\n")
  }
}
