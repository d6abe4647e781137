import SpikelineSupport

/// Checks JSON syntax and reports the first error with its line and column, plus duplicate keys.
/// Foundation's decoder only says "not valid JSON"; this says where and what was expected.
struct JSONSyntax {
  private let bytes: [UInt8]
  private var index = 0
  private(set) var duplicateKeys: [String] = []

  struct Failure: Error {
    var offset: Int
    var message: String
  }

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// Nil if the text is one valid JSON value; else a one-line message with line and column.
  static func check(_ bytes: [UInt8], file: String) -> (error: SpikelineError?, duplicates: [String]) {
    var scanner = JSONSyntax(bytes)
    do {
      scanner.skipSpace()
      if scanner.index >= bytes.count { throw Failure(offset: 0, message: "file is empty; expected a JSON object") }
      try scanner.value(path: "")
      scanner.skipSpace()
      if scanner.index < bytes.count { throw Failure(offset: scanner.index, message: "unexpected text after the end of the JSON value") }
      return (nil, scanner.duplicateKeys)
    } catch let failure as Failure {
      let (line, column) = scanner.position(of: failure.offset)
      return (SpikelineError(.invalidInput, file: file, location: .line(line), "column \(column): \(failure.message)"), [])
    } catch {
      return (SpikelineError(.invalidInput, file: file, "\(error)"), [])
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

  mutating func value(path: String) throws {
    skipSpace()
    guard index < bytes.count else { throw Failure(offset: index, message: "file ends early: expected a value\(path.isEmpty ? "" : " for \(path)")") }
    switch bytes[index] {
    case UInt8(ascii: "{"): try object(path: path)
    case UInt8(ascii: "["): try array(path: path)
    case UInt8(ascii: "\""): _ = try string()
    case UInt8(ascii: "t"): try literal("true")
    case UInt8(ascii: "f"): try literal("false")
    case UInt8(ascii: "n"): try literal("null")
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
    default: throw Failure(offset: index, message: "expected a value (object, array, string, number, true, false or null), found \(describe(index))")
    }
  }

  mutating func object(path: String) throws {
    index += 1
    var keys = Set<String>()
    skipSpace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "}") { index += 1; return }
    while true {
      skipSpace()
      guard index < bytes.count else { throw Failure(offset: index, message: "file ends inside an object; expected a key or '}'") }
      guard bytes[index] == UInt8(ascii: "\"") else { throw Failure(offset: index, message: "expected a quoted key, found \(describe(index))") }
      let key = try string()
      let keyPath = path.isEmpty ? key : path + "." + key
      if !keys.insert(key).inserted { duplicateKeys.append(keyPath) }
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw Failure(offset: index, message: "expected ':' after key \"\(key)\", found \(describe(index))")
      }
      index += 1
      try value(path: keyPath)
      skipSpace()
      guard index < bytes.count else { throw Failure(offset: index, message: "file ends inside an object; expected ',' or '}'") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      if bytes[index] == UInt8(ascii: "}") { index += 1; return }
      throw Failure(offset: index, message: "expected ',' or '}' after the value of \"\(key)\", found \(describe(index))")
    }
  }

  mutating func array(path: String) throws {
    index += 1
    skipSpace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "]") { index += 1; return }
    var element = 0
    while true {
      try value(path: "\(path)[\(element)]")
      element += 1
      skipSpace()
      guard index < bytes.count else { throw Failure(offset: index, message: "file ends inside an array; expected ',' or ']'") }
      if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
      if bytes[index] == UInt8(ascii: "]") { index += 1; return }
      throw Failure(offset: index, message: "expected ',' or ']' in an array, found \(describe(index))")
    }
  }

  mutating func string() throws -> String {
    let start = index
    index += 1
    var raw: [UInt8] = []
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") { index += 1; return String(decoding: raw, as: UTF8.self) }
      if byte == UInt8(ascii: "\\") {
        index += 2
        continue
      }
      if byte < 0x20 { throw Failure(offset: index, message: "control character inside a string (strings cannot span lines)") }
      raw.append(byte)
      index += 1
    }
    throw Failure(offset: start, message: "string is not closed before the end of the file")
  }

  mutating func literal(_ word: String) throws {
    let utf8 = Array(word.utf8)
    guard index + utf8.count <= bytes.count, Array(bytes[index..<(index + utf8.count)]) == utf8 else {
      throw Failure(offset: index, message: "expected a value, found \(describe(index))")
    }
    index += utf8.count
  }

  mutating func number() throws {
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
    if let value = Double(text), !value.isFinite {
      throw Failure(offset: start, message: "number \(text) is too large")
    }
  }
}
