import SpikelineSupport

/// Parses JSON text into a `JSONValue` in one pass, reporting the first syntax error with its line
/// and column (Foundation's decoder only says "not valid JSON") and every duplicate key.
///
/// Nesting is limited to `maximumDepth` levels, so hostile input cannot exhaust the stack.
struct JSONParser {
  /// Deepest nesting of objects and arrays accepted; scenario files need fewer than ten.
  static let maximumDepth = 256

  private let bytes: [UInt8]
  private var index = 0
  private(set) var duplicateKeys: [String] = []

  struct Failure: Error {
    var offset: Int
    var message: String
  }

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// The value of `bytes`, or a one-line error naming `file`, line and column; plus the JSON paths
  /// of keys that appear twice in one object.
  /// - Complexity: O(n) in the length of the text.
  static func parse(_ bytes: [UInt8], file: String) -> Result<(value: JSONValue, duplicates: [String]), SpikelineError> {
    var parser = JSONParser(bytes)
    do {
      parser.skipSpace()
      if parser.index >= bytes.count { throw Failure(offset: 0, message: "file is empty; expected a JSON object") }
      let value = try parser.value(path: "", depth: 0)
      parser.skipSpace()
      if parser.index < bytes.count { throw Failure(offset: parser.index, message: "unexpected text after the end of the JSON value") }
      return .success((value, parser.duplicateKeys))
    } catch let failure as Failure {
      let (line, column) = parser.position(of: failure.offset)
      return .failure(SpikelineError(.invalidInput, file: file, location: .line(line), "column \(column): \(failure.message)"))
    } catch {
      return .failure(SpikelineError(.invalidInput, file: file, "\(error)"))
    }
  }

  func position(of offset: Int) -> (Int, Int) {
    var line = 1, column = 1
    for i in 0..<min(offset, bytes.count) {
      if bytes[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else if bytes[i] & 0xC0 != 0x80 { column += 1 }
    }
    return (line, column)
  }

  mutating func skipSpace() {
    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
  }

  func describe(_ offset: Int) -> String {
    guard offset < bytes.count else { return "the end of the file" }
    let byte = bytes[offset]
    if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
    return "byte 0x\(String(byte, radix: 16))"
  }

  mutating func value(path: String, depth: Int) throws -> JSONValue {
    skipSpace()
    guard index < bytes.count else { throw Failure(offset: index, message: "file ends early: expected a value\(path.isEmpty ? "" : " for \(path)")") }
    switch bytes[index] {
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      guard depth < Self.maximumDepth else {
        throw Failure(offset: index, message: "objects and arrays nest deeper than \(Self.maximumDepth) levels")
      }
      return bytes[index] == UInt8(ascii: "{") ? try object(path: path, depth: depth + 1) : try array(path: path, depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): try literal("true"); return .bool(true)
    case UInt8(ascii: "f"): try literal("false"); return .bool(false)
    case UInt8(ascii: "n"): try literal("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default: throw Failure(offset: index, message: "expected a value (object, array, string, number, true, false or null), found \(describe(index))")
    }
  }

  mutating func object(path: String, depth: Int) throws -> JSONValue {
    index += 1
    var members: [String: JSONValue] = [:]
    skipSpace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
    while true {
      skipSpace()
      guard index < bytes.count else { throw Failure(offset: index, message: "file ends inside an object; expected a key or '}'") }
      guard bytes[index] == UInt8(ascii: "\"") else { throw Failure(offset: index, message: "expected a quoted key, found \(describe(index))") }
      let key = try string()
      let keyPath = path.isEmpty ? key : path + "." + key
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw Failure(offset: index, message: "expected ':' after key \"\(key)\", found \(describe(index))")
      }
      index += 1
      let member = try value(path: keyPath, depth: depth)
      if members.updateValue(member, forKey: key) != nil { duplicateKeys.append(keyPath) }
      skipSpace()
      guard index < bytes.count else { throw Failure(offset: index, message: "file ends inside an object; expected ',' or '}'") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
      throw Failure(offset: index, message: "expected ',' or '}' after the value of \"\(key)\", found \(describe(index))")
    }
  }

  mutating func array(path: String, depth: Int) throws -> JSONValue {
    index += 1
    var elements: [JSONValue] = []
    skipSpace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
    while true {
      elements.append(try value(path: "\(path)[\(elements.count)]", depth: depth))
      skipSpace()
      guard index < bytes.count else { throw Failure(offset: index, message: "file ends inside an array; expected ',' or ']'") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
      throw Failure(offset: index, message: "expected ',' or ']' in an array, found \(describe(index))")
    }
  }

  /// A quoted string with its escapes decoded (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`,
  /// `\uXXXX` with surrogate pairs).
  mutating func string() throws -> String {
    let start = index
    index += 1
    var raw: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        guard let text = String(validating: raw, as: UTF8.self) else {
          throw Failure(offset: start, message: "string is not valid UTF-8")
        }
        return text
      }
      if byte < 0x20 { throw Failure(offset: index, message: "control character inside a string (strings cannot span lines)") }
      if byte == UInt8(ascii: "\\") {
        try escape(into: &raw)
        continue
      }
      raw.append(byte)
      index += 1
    }
    throw Failure(offset: start, message: "string is not closed before the end of the file")
  }

  /// Decodes the escape at `index` (a backslash) into UTF-8 bytes.
  mutating func escape(into raw: inout [UInt8]) throws {
    let start = index
    guard index + 1 < bytes.count else { throw Failure(offset: start, message: "string ends inside an escape") }
    let code = bytes[index + 1]
    index += 2
    switch code {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): raw.append(code)
    case UInt8(ascii: "b"): raw.append(0x08)
    case UInt8(ascii: "f"): raw.append(0x0C)
    case UInt8(ascii: "n"): raw.append(0x0A)
    case UInt8(ascii: "r"): raw.append(0x0D)
    case UInt8(ascii: "t"): raw.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try hex4(at: start)
      if (0xD800..<0xDC00).contains(scalar) {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
          throw Failure(offset: start, message: "a high surrogate \\u escape must be followed by a low one")
        }
        index += 2
        let low = try hex4(at: start)
        guard (0xDC00..<0xE000).contains(low) else { throw Failure(offset: start, message: "expected a low surrogate \\u escape") }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      }
      guard let unicode = Unicode.Scalar(scalar) else { throw Failure(offset: start, message: "\\u escape is not a Unicode scalar") }
      raw.append(contentsOf: Array(String(Character(unicode)).utf8))
    default:
      throw Failure(offset: start, message: "unknown escape \\\(describe(start + 1)) in a string")
    }
  }

  /// Four hexadecimal digits at `index`.
  mutating func hex4(at escapeStart: Int) throws -> UInt32 {
    guard index + 4 <= bytes.count else { throw Failure(offset: escapeStart, message: "\\u escape needs four hexadecimal digits") }
    var value: UInt32 = 0
    for byte in bytes[index..<(index + 4)] {
      guard let digit = UInt32(String(UnicodeScalar(byte)), radix: 16) else {
        throw Failure(offset: escapeStart, message: "\\u escape needs four hexadecimal digits")
      }
      value = value * 16 + digit
    }
    index += 4
    return value
  }

  mutating func literal(_ word: String) throws {
    let utf8 = Array(word.utf8)
    guard index + utf8.count <= bytes.count, Array(bytes[index..<(index + utf8.count)]) == utf8 else {
      throw Failure(offset: index, message: "expected a value, found \(describe(index))")
    }
    index += utf8.count
  }

  mutating func number() throws -> Double {
    let start = index
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    func digits() -> Int {
      var count = 0
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1; count += 1 }
      return count
    }
    if digits() == 0 { throw Failure(offset: index, message: "expected digits in a number, found \(describe(index))") }
    if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
      index += 1
      if digits() == 0 { throw Failure(offset: index, message: "expected digits after the decimal point") }
    }
    if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
      index += 1
      if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
      if digits() == 0 { throw Failure(offset: index, message: "expected digits in the exponent") }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let value = Double(text), value.isFinite else {
      throw Failure(offset: start, message: "number \(text) is too large")
    }
    return value
  }
}
