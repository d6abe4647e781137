import Foundation

/// Expected against actual spike times, matched in order within a tolerance, with a readable diff.
/// Independent of any test framework: `matches` and `report` work with XCTest too.
public struct SpikeTrainComparison: Sendable {
  /// How close two spike times must be.
  public enum Tolerance: Sendable, CustomStringConvertible {
    /// |expected − actual| ≤ seconds.
    case absolute(Double)
    /// |expected − actual| ≤ fraction · |expected|.
    case relative(Double)

    func allows(_ expected: Double, _ actual: Double) -> Bool {
      switch self {
      case .absolute(let seconds): return abs(expected - actual) <= seconds
      case .relative(let fraction): return abs(expected - actual) <= fraction * abs(expected)
      }
    }

    /// "±x s" or "±x relative".
    public var description: String {
      switch self {
      case .absolute(let seconds): return "±\(seconds) s"
      case .relative(let fraction): return "±\(fraction) relative"
      }
    }
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
  /// The diff, one row per expected or actual spike, in time order.
  public let rows: [Row]

  /// Matches the two (sorted) trains: the earlier of the two heads is missing or unexpected
  /// unless both heads are within tolerance.
  public init(label: String, expected: [Double], actual: [Double], tolerance: Tolerance) {
    self.label = label
    self.tolerance = tolerance
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

  /// The diff: a summary line and one line per spike (✓ matched, ✗ missing or unexpected).
  public var report: String {
    let matched = rows.count - missingCount - unexpectedCount
    var lines = ["spike times of \(label) \(matches ? "match" : "do not match") (tolerance \(tolerance)): \(matched) matched, \(missingCount) missing, \(unexpectedCount) unexpected"]
    lines.append("      " + "expected (s)".padding(toLength: 20, withPad: " ", startingAt: 0) + "actual (s)".padding(toLength: 20, withPad: " ", startingAt: 0) + "Δ (s)")
    func number(_ value: Double) -> String { String(format: "%.12g", value).padding(toLength: 20, withPad: " ", startingAt: 0) }
    let none = "—".padding(toLength: 20, withPad: " ", startingAt: 0)
    for row in rows {
      switch row {
      case .matched(let e, let a): lines.append("  ✓   " + number(e) + number(a) + String(format: "%.3g", a - e))
      case .missing(let e): lines.append("  ✗   " + number(e) + none + "missing")
      case .unexpected(let a): lines.append("  ✗   " + none + number(a) + "unexpected")
      }
    }
    return lines.joined(separator: "\n")
  }
}
