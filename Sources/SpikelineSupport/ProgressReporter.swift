import Foundation

/// A one-line progress display on standard error, shown only when standard error is a terminal
/// (so it never mixes into `--json` output or CI logs).
public final class ProgressReporter: @unchecked Sendable {
  private let label: String
  private let total: Int
  private let enabled: Bool
  private let lock = NSLock()
  private var done = 0
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
    done += count
    let now = Date()
    if now.timeIntervalSince(lastDraw) < 0.1 && done < total { return }
    lastDraw = now
    let elapsed = now.timeIntervalSince(start)
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    let eta = rate > 0 ? Double(total - done) / rate : 0
    let percent = total > 0 ? 100 * done / total : 100
    let line = "\(label) \(done)/\(total) (\(percent)%) \(String(format: "%.1f", elapsed))s elapsed, ~\(String(format: "%.0f", eta))s left \(detail)"
    FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
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
