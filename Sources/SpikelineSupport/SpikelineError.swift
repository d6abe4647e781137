/// An error a user can act on: one line naming the file, the place in it and what was expected.
///
/// Every error that reaches a user of Spikeline is a `SpikelineError`. Its `description` is a
/// single line of the form `<file>: <location>: <message>`, for example
/// `Scenarios/cuba.json: projections[2].delay: must be >= 1 tick (got 0)` or
/// `digits.spkd: byte 1032: expected channel < 700, found 812`.
public struct SpikelineError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The broad class of a failure; the command line maps `.usage` to exit code 2, the rest to 1.
  public enum Kind: String, Sendable, Equatable {
    /// A file or value that does not have the expected form.
    case invalidInput
    /// A command-line usage mistake (unknown option, missing argument).
    case usage
    /// A file system or process failure (cannot open, cannot write, tool missing).
    case io
    /// Something valid but beyond what this version supports.
    case unsupported
  }

  /// Where in the input the problem is.
  public enum Location: Equatable, Sendable, CustomStringConvertible {
    /// A JSON-path-like field, such as `projections[2].delay`.
    case field(String)
    /// A byte offset from the start of a binary file.
    case byteOffset(Int)
    /// A 1-based line number in a text file.
    case line(Int)

    /// The field path, "byte N" or "line N".
    public var description: String {
      switch self {
      case .field(let path): return path
      case .byteOffset(let offset): return "byte \(offset)"
      case .line(let line): return "line \(line)"
      }
    }
  }

  /// What kind of failure it is (sets the exit code).
  public var kind: Kind
  /// The file the problem is in, if any.
  public var file: String?
  /// The place in the file or value, if known.
  public var location: Location?
  /// What is wrong and what was expected, without the file and location.
  public var message: String

  /// An error of `kind` in `file` at `location`: `message` says what is wrong and what was expected.
  public init(_ kind: Kind = .invalidInput, file: String? = nil, location: Location? = nil, _ message: String) {
    self.kind = kind
    self.file = file
    self.location = location
    self.message = message
  }

  /// An invalid field in a structured input.
  public static func field(_ path: String, _ message: String, file: String? = nil) -> SpikelineError {
    SpikelineError(.invalidInput, file: file, location: .field(path), message)
  }

  /// A malformed binary file.
  public static func byte(_ offset: Int, _ message: String, file: String? = nil) -> SpikelineError {
    SpikelineError(.invalidInput, file: file, location: .byteOffset(offset), message)
  }

  /// A command-line usage error.
  public static func usage(_ message: String) -> SpikelineError {
    SpikelineError(.usage, message)
  }

  /// The same error attributed to `file` (keeps an existing file name).
  public func inFile(_ file: String) -> SpikelineError {
    var copy = self
    if copy.file == nil { copy.file = file }
    return copy
  }

  /// The same error with its field path prefixed, e.g. `delay` becomes `projections[2].delay`.
  public func underField(_ prefix: String) -> SpikelineError {
    var copy = self
    switch copy.location {
    case .field(let path)?:
      copy.location = .field(path.hasPrefix("[") ? prefix + path : prefix + "." + path)
    case nil:
      copy.location = .field(prefix)
    default:
      break
    }
    return copy
  }

  /// `file: location: message` on one line.
  public var description: String {
    var parts: [String] = []
    if let file { parts.append(file) }
    if let location { parts.append(location.description) }
    parts.append(message)
    // One line, always: a message must never break the "file: place: what" shape.
    return parts.joined(separator: ": ").replacingNewlines()
  }
}

/// Several problems found in one pass, reported together (for example every invalid field of a
/// scenario file, not only the first).
public struct SpikelineErrors: Error, CustomStringConvertible, Sendable {
  /// The problems, in the order they were found.
  public var errors: [SpikelineError]
  /// The problems `errors`.
  public init(_ errors: [SpikelineError]) { self.errors = errors }
  /// One line per problem.
  public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension String {
  func replacingNewlines() -> String {
    var out = ""
    out.reserveCapacity(utf8.count)
    for character in self {
      if character == "\n" || character == "\r" { out.append(" ") } else { out.append(character) }
    }
    return out
  }
}
