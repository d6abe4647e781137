import SpikelineSupport

/// An IDX array (LeCun's MNIST format, also Fashion-MNIST's): unsigned bytes with a shape.
public struct IDXArray: Sendable, Equatable {
  /// Dimensions, outermost first: [count] for labels, [count, rows, columns] for images.
  public var shape: [Int]
  /// Values in row-major order.
  public var values: [UInt8]

  /// An array of `shape` holding `values`.
  public init(shape: [Int], values: [UInt8]) {
    self.shape = shape
    self.values = values
  }
}

/// Reads and writes IDX files holding unsigned bytes (type code 0x08), as MNIST and Fashion-MNIST ship:
/// a 4-byte magic (0, 0, type, number of dimensions), one big-endian 32-bit size per dimension, then
/// the values. Gzip-compressed files are recognised and refused with a hint (decompress them first;
/// `Scenarios/Data/install-fashion-mnist.sh` does).
public enum IDXFile {
  /// Reads an uncompressed IDX file of unsigned bytes.
  /// - Throws: `SpikelineError` with the byte offset of the first problem (gzip files get a hint).
  public static func read(_ path: String) throws -> IDXArray {
    try decode(try readFileBytes(path), file: path)
  }

  /// Decodes IDX bytes; `file` names them in errors.
  public static func decode(_ bytes: [UInt8], file: String? = nil) throws -> IDXArray {
    var reader = ByteReader(bytes: bytes, file: file)
    if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B {
      throw reader.error("this is a gzip file; decompress it first (gunzip -k), IDX files are read uncompressed", at: 0)
    }
    let zero0 = try reader.readUInt8("the IDX magic")
    let zero1 = try reader.readUInt8("the IDX magic")
    guard zero0 == 0, zero1 == 0 else { throw reader.error("expected the IDX magic 00 00 (not an IDX file)", at: 0) }
    let type = try reader.readUInt8("the IDX type code")
    guard type == 0x08 else {
      throw reader.error("IDX type code 0x\(String(type, radix: 16)) is not supported (expected 0x08, unsigned bytes)", at: 2)
    }
    let dimensions = Int(try reader.readUInt8("the number of dimensions"))
    guard (1...4).contains(dimensions) else { throw reader.error("expected 1 to 4 dimensions, found \(dimensions)", at: 3) }
    var shape: [Int] = []
    for d in 0..<dimensions {
      let raw = try reader.readBytes(4, "the size of dimension \(d)")
      shape.append(raw.reduce(0) { $0 << 8 | Int($1) })
    }
    let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
    guard count <= bytes.count - reader.offset else {
      throw reader.error("shape \(shape.map(String.init).joined(separator: "×")) needs \(count) bytes of values, the file has \(bytes.count - reader.offset)",
                         at: reader.offset)
    }
    let values = Array(try reader.readBytes(count, "the values"))
    guard reader.offset == bytes.count else {
      throw reader.error("\(bytes.count - reader.offset) bytes after the values (expected the end of the file)", at: reader.offset)
    }
    return IDXArray(shape: shape, values: values)
  }

  /// The IDX bytes of `array`.
  public static func encode(_ array: IDXArray) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, 0x08, UInt8(array.shape.count)]
    for size in array.shape { bytes += [UInt8(size >> 24 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)] }
    return bytes + array.values
  }

  /// Writes atomically (temporary file, then rename).
  public static func write(_ array: IDXArray, to path: String) throws {
    try AtomicFileWriter.write(encode(array), to: path)
  }
}
