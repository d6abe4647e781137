/// Reads little-endian binary data and reports every problem with the byte offset it occurred at.
/// What a read is for (`what`) is built only when it goes wrong, so naming every field costs nothing.
public struct ByteReader {
  /// The whole input.
  public let bytes: [UInt8]
  /// The file name used in error messages.
  public let file: String?
  /// The offset of the next byte to read.
  public private(set) var offset: Int = 0

  /// A reader at offset 0 of `bytes`; `file` names the input in errors.
  public init(bytes: [UInt8], file: String? = nil) {
    self.bytes = bytes
    self.file = file
  }

  /// Bytes left to read.
  public var remaining: Int { bytes.count - offset }
  /// True when every byte has been read.
  public var isAtEnd: Bool { offset >= bytes.count }

  /// An error at the current offset (or at `at`).
  public func error(_ message: String, at position: Int? = nil) -> SpikelineError {
    .byte(position ?? offset, message, file: file)
  }

  private func need(_ count: Int, _ what: @autoclosure () -> String) throws {
    if count < 0 || remaining < count {
      throw error("file ends early: expected \(count) byte\(count == 1 ? "" : "s") of \(what()), \(max(remaining, 0)) left")
    }
  }

  /// One byte.
  public mutating func readUInt8(_ what: @autoclosure () -> String = "an unsigned 8-bit value") throws -> UInt8 {
    try readLittleEndian(what())
  }

  /// A little-endian 16-bit unsigned integer.
  public mutating func readUInt16(_ what: @autoclosure () -> String = "an unsigned 16-bit value") throws -> UInt16 {
    try readLittleEndian(what())
  }

  /// A little-endian 32-bit unsigned integer.
  public mutating func readUInt32(_ what: @autoclosure () -> String = "an unsigned 32-bit value") throws -> UInt32 {
    try readLittleEndian(what())
  }

  /// A little-endian 64-bit unsigned integer.
  public mutating func readUInt64(_ what: @autoclosure () -> String = "an unsigned 64-bit value") throws -> UInt64 {
    try readLittleEndian(what())
  }

  /// A little-endian unsigned integer of `T`'s width, named `what` in the error if the file ends first.
  mutating func readLittleEndian<T: FixedWidthInteger & UnsignedInteger>(_ what: @autoclosure () -> String) throws -> T {
    let size = T.bitWidth / 8
    try need(size, what())
    var value: T = 0
    for i in 0..<size { value |= T(bytes[offset + i]) << (8 * i) }
    offset += size
    return value
  }

  /// A little-endian IEEE 754 single.
  public mutating func readFloat32(_ what: @autoclosure () -> String = "a 32-bit float") throws -> Float {
    Float(bitPattern: try readUInt32(what()))
  }

  /// A little-endian IEEE 754 double.
  public mutating func readFloat64(_ what: @autoclosure () -> String = "a 64-bit float") throws -> Double {
    Double(bitPattern: try readUInt64(what()))
  }

  /// An unsigned LEB128 variable-length integer (at most 10 bytes).
  public mutating func readVarUInt(_ what: @autoclosure () -> String = "a variable-length integer") throws -> UInt64 {
    let start = offset
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < bytes.count else {
        throw error("file ends inside \(what()) that started at byte \(start)")
      }
      let byte = bytes[offset]
      offset += 1
      if shift == 63 && byte > 1 { throw error("\(what()) overflows 64 bits", at: start) }
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
      if shift > 63 { throw error("\(what()) is longer than 10 bytes", at: start) }
    }
  }

  /// The next `count` bytes, without copying.
  /// - Throws: `SpikelineError` at the current offset if fewer remain (a negative count included).
  public mutating func readBytes(_ count: Int, _ what: @autoclosure () -> String = "bytes") throws -> ArraySlice<UInt8> {
    try need(count, what())
    defer { offset += count }
    return bytes[offset..<(offset + count)]
  }

  /// A UTF-8 string preceded by its 16-bit length.
  public mutating func readString16(_ what: @autoclosure () -> String = "a string") throws -> String {
    let start = offset
    let length = Int(try readUInt16("the length of \(what())"))
    let raw = try readBytes(length, what())
    guard let string = String(validating: raw, as: UTF8.self) else {
      throw error("\(what()) is not valid UTF-8", at: start)
    }
    return string
  }

  /// Checks for an exact byte sequence, e.g. a magic number.
  public mutating func expect(_ expected: [UInt8], _ what: @autoclosure () -> String) throws {
    let start = offset
    if remaining < expected.count {
      throw error("file ends early: expected \(what()) (\(expected.count) bytes)")
    }
    let found = Array(bytes[offset..<(offset + expected.count)])
    if found != expected {
      throw error("expected \(what()), found \(found.map { String($0, radix: 16) }.joined(separator: " "))", at: start)
    }
    offset += expected.count
  }

  /// Moves to byte `position` of the input.
  /// - Throws: `SpikelineError` if `position` is outside the input.
  public mutating func seek(to position: Int) throws {
    guard position >= 0 && position <= bytes.count else { throw error("offset \(position) is outside the file") }
    offset = position
  }

  /// Skips `count` bytes.
  /// - Throws: `SpikelineError` naming `what` if fewer remain.
  public mutating func skip(_ count: Int, _ what: @autoclosure () -> String = "bytes") throws {
    try need(count, what())
    offset += count
  }
}
