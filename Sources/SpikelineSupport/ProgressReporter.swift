import Foundation

/// A one-line progress display on standard error, shown only when standard error is a terminal
/// (so it never mixes into `--json` output or CI logs).
public final class ProgressReporter: @unchecked Sendable {
  private let label: String
  private let total: Int
  private let enabled: Bool
  private let lock = NSLock()
  private var done = 0
  private var startUnits = 0
  private var lastDraw = Date.distantPast
  private let start = Date()

  /// - Parameters:
  ///   - label: what is being done, e.g. "encoding".
  ///   - total: number of units of work.
  ///   - enabled: force on or off; by default on when stderr is a terminal and `CI` is unset.
  public init(_ label: String, total: Int, enabled: Bool? = nil) {
    self.label = label
    self.total = total
    self.enabled = enabled ?? ProgressReporter.stderrIsInteractive
  }

  /// True when standard error is a terminal and the CI variable is not set.
  public static var stderrIsInteractive: Bool {
    isatty(2) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
  }

  /// Records `count` more units done and redraws at most ten times a second.
  public func advance(by count: Int = 1, detail: String = "") {
    guard enabled else { return }
    lock.lock(); defer { lock.unlock() }
    draw(done: done + count, detail: detail)
  }

  /// Records that `units` units are done in all (for work whose position is known, such as the
  /// batch of a training run) and redraws at most ten times a second.
  public func advance(to units: Int, detail: String = "") {
    guard enabled else { return }
    lock.lock(); defer { lock.unlock() }
    draw(done: units, detail: detail)
  }

  /// The line: units done of the total, percent (never past 100), elapsed time, and the time left
  /// at the rate so far (never negative). Call with the lock held.
  private func draw(done units: Int, detail: String) {
    done = min(max(units, 0), max(total, 0))
    let now = Date()
    if now.timeIntervalSince(lastDraw) < 0.1 && done < total { return }
    lastDraw = now
    let elapsed = now.timeIntervalSince(start)
    let fresh = done - startUnits
    let rate = elapsed > 0 && fresh > 0 ? Double(fresh) / elapsed : 0
    let eta = rate > 0 ? Double(total - done) / rate : 0
    let percent = total > 0 ? 100 * done / total : 100
    let what = detail.isEmpty ? "\(label) \(done)/\(total)" : "\(label): \(detail)"
    let line = "\(what) (\(percent)%) \(String(format: "%.1f", elapsed))s elapsed, ~\(Self.duration(eta)) left"
    FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
  }

  /// "42s", "3m 05s" or "1h 02m".
  static func duration(_ seconds: Double) -> String {
    let s = Int(max(0, seconds).rounded())
    if s < 60 { return "\(s)s" }
    if s < 3600 { return String(format: "%dm %02ds", s / 60, s % 60) }
    return String(format: "%dh %02dm", s / 3600, (s % 3600) / 60)
  }

  /// Sets the units already done before this run started (a resumed run), so the rate counts only
  /// the units done now.
  public func resume(from units: Int) {
    lock.lock(); defer { lock.unlock() }
    done = min(max(units, 0), max(total, 0))
    startUnits = done
  }

  /// Erases the line (on a terminal), for output that follows without a finished line.
  public func clear() {
    guard enabled else { return }
    lock.lock(); defer { lock.unlock() }
    FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
  }

  /// Prints a finished line (on a terminal) so the next output starts clean.
  public func finish(_ summary: String? = nil) {
    guard enabled else { return }
    lock.lock(); defer { lock.unlock() }
    let elapsed = Date().timeIntervalSince(start)
    let text = summary ?? "\(label) \(done)/\(total) done in \(String(format: "%.1f", elapsed))s"
    FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text + "\n").utf8))
  }
}

/// Writes a line to standard error.
public func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}
