/// Builds little-endian binary data.
public struct ByteWriter {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8] = []

  /// An empty writer with room for `capacity` bytes.
  public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  /// The number of bytes written.
  public var count: Int { bytes.count }

  /// One byte.
  public mutating func write(_ value: UInt8) { bytes.append(value) }
  /// A little-endian 16-bit integer.
  public mutating func write(_ value: UInt16) {
    bytes.append(UInt8(truncatingIfNeeded: value)); bytes.append(UInt8(truncatingIfNeeded: value >> 8))
  }
  /// A little-endian 32-bit integer.
  public mutating func write(_ value: UInt32) {
    for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
  }
  /// A little-endian 64-bit integer.
  public mutating func write(_ value: UInt64) {
    for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
  }
  /// A little-endian IEEE 754 single.
  public mutating func write(_ value: Float) { write(value.bitPattern) }
  /// A little-endian IEEE 754 double.
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

  /// The bytes of `sequence`, as they are.
  public mutating func write<S: Sequence>(bytes sequence: S) where S.Element == UInt8 {
    bytes.append(contentsOf: sequence)
  }

  /// A UTF-8 string preceded by its 16-bit length.
  /// - Throws: `SpikelineError` naming `what` if the string's UTF-8 form is 65,536 bytes or longer.
  public mutating func writeString16(_ string: String, _ what: String = "a string") throws {
    let utf8 = Array(string.utf8)
    guard utf8.count <= Int(UInt16.max) else {
      throw SpikelineError.field(what, "is \(utf8.count) bytes long; at most \(UInt16.max) fit its 16-bit length")
    }
    write(UInt16(utf8.count))
    bytes.append(contentsOf: utf8)
  }
}
