/// Reads little-endian binary data and reports every problem with the byte offset it occurred at.
public struct ByteReader {
  public let bytes: [UInt8]
  /// The file name used in error messages.
  public let file: String?
  /// The offset of the next byte to read.
  public private(set) var offset: Int = 0

  public init(bytes: [UInt8], file: String? = nil) {
    self.bytes = bytes
    self.file = file
  }

  /// Bytes left to read.
  public var remaining: Int { bytes.count - offset }
  public var isAtEnd: Bool { offset >= bytes.count }

  /// An error at the current offset (or at `at`).
  public func error(_ message: String, at position: Int? = nil) -> SpikelineError {
    .byte(position ?? offset, message, file: file)
  }

  private func need(_ count: Int, _ what: String) throws {
    if count < 0 || remaining < count {
      throw error("file ends early: expected \(count) byte\(count == 1 ? "" : "s") of \(what), \(max(remaining, 0)) left")
    }
  }

  public mutating func readUInt8(_ what: String = "an unsigned 8-bit value") throws -> UInt8 {
    try need(1, what)
    defer { offset += 1 }
    return bytes[offset]
  }

  public mutating func readUInt16(_ what: String = "an unsigned 16-bit value") throws -> UInt16 {
    try need(2, what)
    defer { offset += 2 }
    return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
  }

  public mutating func readUInt32(_ what: String = "an unsigned 32-bit value") throws -> UInt32 {
    try need(4, what)
    var value: UInt32 = 0
    for i in 0..<4 { value |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
    offset += 4
    return value
  }

  public mutating func readUInt64(_ what: String = "an unsigned 64-bit value") throws -> UInt64 {
    try need(8, what)
    var value: UInt64 = 0
    for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
    offset += 8
    return value
  }

  public mutating func readInt16(_ what: String = "a signed 16-bit value") throws -> Int16 {
    Int16(bitPattern: try readUInt16(what))
  }

  public mutating func readInt32(_ what: String = "a signed 32-bit value") throws -> Int32 {
    Int32(bitPattern: try readUInt32(what))
  }

  public mutating func readFloat32(_ what: String = "a 32-bit float") throws -> Float {
    Float(bitPattern: try readUInt32(what))
  }

  public mutating func readFloat64(_ what: String = "a 64-bit float") throws -> Double {
    Double(bitPattern: try readUInt64(what))
  }

  /// An unsigned LEB128 variable-length integer (at most 10 bytes).
  public mutating func readVarUInt(_ what: String = "a variable-length integer") throws -> UInt64 {
    let start = offset
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < bytes.count else {
        throw error("file ends inside \(what) that started at byte \(start)")
      }
      let byte = bytes[offset]
      offset += 1
      if shift == 63 && byte > 1 { throw error("\(what) overflows 64 bits", at: start) }
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
      if shift > 63 { throw error("\(what) is longer than 10 bytes", at: start) }
    }
  }

  public mutating func readBytes(_ count: Int, _ what: String = "bytes") throws -> ArraySlice<UInt8> {
    try need(count, what)
    defer { offset += count }
    return bytes[offset..<(offset + count)]
  }

  /// A UTF-8 string preceded by its 16-bit length.
  public mutating func readString16(_ what: String = "a string") throws -> String {
    let start = offset
    let length = Int(try readUInt16("the length of \(what)"))
    let raw = try readBytes(length, what)
    guard let string = String(validating: raw, as: UTF8.self) else {
      throw error("\(what) is not valid UTF-8", at: start)
    }
    return string
  }

  /// Checks for an exact byte sequence, e.g. a magic number.
  public mutating func expect(_ expected: [UInt8], _ what: String) throws {
    let start = offset
    if remaining < expected.count {
      throw error("file ends early: expected \(what) (\(expected.count) bytes)")
    }
    let found = Array(bytes[offset..<(offset + expected.count)])
    if found != expected {
      throw error("expected \(what), found \(found.map { String($0, radix: 16) }.joined(separator: " "))", at: start)
    }
    offset += expected.count
  }

  public mutating func seek(to position: Int) throws {
    guard position >= 0 && position <= bytes.count else { throw error("offset \(position) is outside the file") }
    offset = position
  }

  public mutating func skip(_ count: Int, _ what: String = "bytes") throws {
    try need(count, what)
    offset += count
  }
}

/// Builds little-endian binary data.
public struct ByteWriter {
  public private(set) var bytes: [UInt8] = []

  public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  public var count: Int { bytes.count }

  public mutating func write(_ value: UInt8) { bytes.append(value) }
  public mutating func write(_ value: UInt16) {
    bytes.append(UInt8(truncatingIfNeeded: value)); bytes.append(UInt8(truncatingIfNeeded: value >> 8))
  }
  public mutating func write(_ value: UInt32) {
    for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
  }
  public mutating func write(_ value: UInt64) {
    for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
  }
  public mutating func write(_ value: Int16) { write(UInt16(bitPattern: value)) }
  public mutating func write(_ value: Int32) { write(UInt32(bitPattern: value)) }
  public mutating func write(_ value: Float) { write(value.bitPattern) }
  public mutating func write(_ value: Double) { write(value.bitPattern) }

  /// Unsigned LEB128.
  public mutating func writeVarUInt(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  public mutating func write<S: Sequence>(bytes sequence: S) where S.Element == UInt8 {
    bytes.append(contentsOf: sequence)
  }

  /// A UTF-8 string preceded by its 16-bit length.
  /// - Precondition: the string's UTF-8 form is shorter than 65,536 bytes.
  public mutating func writeString16(_ string: String) {
    let utf8 = Array(string.utf8)
    precondition(utf8.count <= Int(UInt16.max), "string too long for a 16-bit length")
    write(UInt16(utf8.count))
    bytes.append(contentsOf: utf8)
  }

  /// Overwrites 4 bytes at `offset` (for sizes known only after writing).
  public mutating func patch(_ value: UInt32, at offset: Int) {
    for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
  }
}
