#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal state saved before raw mode, restored on exit and on termination signals.
nonisolated(unsafe) private var savedTerminal = termios()
nonisolated(unsafe) private var terminalIsRaw = false

/// Raw-mode terminal I/O for the step viewer: no echo, no line buffering, the alternate screen,
/// and the original state restored on every way out (normal exit, q, Ctrl-C, SIGTERM, SIGHUP).
enum Terminal {
  /// Enters raw mode and the alternate screen.
  static func enter() {
    guard isatty(0) != 0, tcgetattr(0, &savedTerminal) == 0 else { return }
    var raw = savedTerminal
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
    raw.c_cc.6 = 1   // VMIN
    raw.c_cc.5 = 0   // VTIME
    tcsetattr(0, TCSAFLUSH, &raw)
    terminalIsRaw = true
    for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
      signal(sig) { number in
        Terminal.restoreFromSignal()
        _exit(128 + number)
      }
    }
    write("\u{1B}[?1049h\u{1B}[?25l")
  }

  /// Leaves the alternate screen and restores the saved terminal state.
  static func leave() {
    guard terminalIsRaw else { return }
    write("\u{1B}[?25h\u{1B}[?1049l")
    tcsetattr(0, TCSAFLUSH, &savedTerminal)
    terminalIsRaw = false
  }

  /// Async-signal-safe restore: only write(2) and tcsetattr(3).
  static func restoreFromSignal() {
    let text: StaticString = "\u{1B}[?25h\u{1B}[?1049l"
    _ = Glibc.write(1, text.utf8Start, text.utf8CodeUnitCount)
    tcsetattr(0, TCSAFLUSH, &savedTerminal)
  }

  static func write(_ text: String) {
    var text = text
    text.withUTF8 { buffer in _ = Glibc.write(1, buffer.baseAddress, buffer.count) }
  }

  /// One byte from the keyboard (blocking); nil at end of input.
  static func readByte() -> UInt8? {
    var byte: UInt8 = 0
    return read(0, &byte, 1) == 1 ? byte : nil
  }

  /// What waiting for a key gave.
  enum KeyRead { case byte(UInt8), timedOut, endOfInput }

  /// One byte from the keyboard, waiting at most `timeout` seconds.
  static func readByte(timeout: Double) -> KeyRead {
    var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
    let ready = poll(&descriptor, 1, Int32(timeout * 1000))
    if ready == 0 { return .timedOut }
    if ready < 0 { return errno == EINTR ? .timedOut : .endOfInput }
    return readByte().map { .byte($0) } ?? .endOfInput
  }

  /// Reads a line typed at a prompt on the last row (echoing it), in raw mode.
  static func prompt(_ question: String, row: Int) -> String? {
    var text = ""
    while true {
      write("\u{1B}[\(row);1H\u{1B}[2K\(question)\(text)")
      guard let byte = readByte() else { return nil }
      switch byte {
      case 13, 10: return text
      case 27, 3: return nil
      case 127, 8: if !text.isEmpty { text.removeLast() }
      default: if byte >= 32 && byte < 127 { text.append(Character(UnicodeScalar(byte))) }
      }
    }
  }

  /// Columns and rows of the terminal (COLUMNS/LINES, else the window size, else 80 × 24).
  static func size() -> (columns: Int, rows: Int) {
    var window = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 {
      return (Int(window.ws_col), Int(window.ws_row))
    }
    return (80, 24)
  }
}
