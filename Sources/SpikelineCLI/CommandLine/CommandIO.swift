import Foundation
import SpikelineSupport

/// Where a command writes: standard output for results, standard error for messages and progress.
/// Tests substitute buffers to run commands in-process.
public final class CommandIO: @unchecked Sendable {
  private let writeOut: (String) -> Void
  private let writeError: (String) -> Void
  /// True when progress may be drawn (stderr is a terminal and CI is unset).
  public let showsProgress: Bool
  /// True when stdout is a terminal (for interactive viewers).
  public let isInteractive: Bool

  /// Output through the two closures; `showsProgress` draws progress lines, `isInteractive` allows terminal control.
  public init(out: @escaping (String) -> Void, error: @escaping (String) -> Void, showsProgress: Bool, isInteractive: Bool) {
    writeOut = out
    writeError = error
    self.showsProgress = showsProgress
    self.isInteractive = isInteractive
  }

  /// The process's real standard output and error.
  public static func standard() -> CommandIO {
    CommandIO(out: { text in FileHandle.standardOutput.write(Data(text.utf8)) },
              error: { text in FileHandle.standardError.write(Data(text.utf8)) },
              showsProgress: ProgressReporter.stderrIsInteractive,
              isInteractive: isatty(0) != 0 && isatty(1) != 0)
  }

  /// Buffers, for tests.
  public static func capturing() -> (CommandIO, CapturedOutput) {
    let captured = CapturedOutput()
    let io = CommandIO(out: { captured.append(out: $0) }, error: { captured.append(error: $0) },
                       showsProgress: false, isInteractive: false)
    return (io, captured)
  }

  /// The same standard error, but no standard output and no progress: for the ranks of a
  /// multi-process run other than rank 0, so that results are printed once.
  public func withoutOutput() -> CommandIO {
    CommandIO(out: { _ in }, error: writeError, showsProgress: false, isInteractive: false)
  }

  /// Writes `text` and a newline on standard output.
  public func print(_ text: String = "") { writeOut(text + "\n") }
  /// Writes `text` on standard output as it is.
  public func write(_ text: String) { writeOut(text) }
  /// Writes `text` and a newline on standard error.
  public func printError(_ text: String) { writeError(text + "\n") }

  /// Writes one JSON document to standard output.
  public func printJSON<T: Encodable>(_ value: T) throws {
    writeOut(try JSONOutput.string(value) + "\n")
  }

  /// Writes one JSON document, without wall-time fields when `deterministic` (`--deterministic`).
  func printJSON<T: Encodable>(_ value: T, deterministic: Bool) throws {
    writeOut(try (deterministic ? JSONOutput.deterministicString(value) : JSONOutput.string(value)) + "\n")
  }

  /// A progress display for `total` units of work (silent unless `showsProgress`).
  public func progress(_ label: String, total: Int) -> ProgressReporter {
    ProgressReporter(label, total: total, enabled: showsProgress)
  }
}

/// Output captured by `CommandIO.capturing()`.
public final class CapturedOutput: @unchecked Sendable {
  private let lock = NSLock()
  private var outText = ""
  private var errorText = ""
  /// Everything written on standard output so far.
  public var out: String { lock.lock(); defer { lock.unlock() }; return outText }
  /// Everything written on standard error so far.
  public var error: String { lock.lock(); defer { lock.unlock() }; return errorText }
  func append(out text: String) { lock.lock(); outText += text; lock.unlock() }
  func append(error text: String) { lock.lock(); errorText += text; lock.unlock() }
}
