import SpikelineSupport

/// A NumPy `.npy` array: shape and values (as doubles), or named columns of a structured array.
public struct NPYArray: Sendable {
  /// Dimensions, outermost first.
  public var shape: [Int]
  /// Values in C order, for plain numeric arrays.
  public var values: [Double]
  /// Field names and values, for structured (record) arrays such as tonic's (t, x, p) events.
  public var fields: [(name: String, values: [Double])]

  /// The values of field `name` of a structured array; nil if there is no such field.
  public func field(_ name: String) -> [Double]? { fields.first { $0.name == name }?.values }
}

/// Reads and writes NumPy's `.npy` format (versions 1.0–3.0, little-endian, C order).
public enum NPYFile {
  static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// Reads an `.npy` file (version 1–3, little-endian integers, floats and booleans, C order; plain or structured).
  /// - Throws: `SpikelineError` with the byte offset of anything else.
  public static func read(_ path: String) throws -> NPYArray {
    try decode(try readFileBytes(path), file: path)
  }

  /// A scalar type code such as `<f8`, `|u1`: (byte size, kind) where kind is f, i, u or b.
  static func scalar(_ descr: String, _ reader: ByteReader, _ at: Int) throws -> (size: Int, kind: Character) {
    let chars = Array(descr)
    guard chars.count >= 3, let size = Int(String(chars[2...])), ["<", "|", "="].contains(chars[0]),
          ["f", "i", "u", "b"].contains(chars[1]) else {
      throw reader.error("unsupported dtype '\(descr)': expected little-endian integers, unsigned integers, floats or booleans", at: at)
    }
    let kind = chars[1]
    let valid: Set<Int> = kind == "f" ? [4, 8] : [1, 2, 4, 8]
    guard valid.contains(size) else { throw reader.error("unsupported dtype '\(descr)' (size \(size))", at: at) }
    return (size, kind)
  }

  /// Decodes `.npy` bytes; `file` names them in errors.
  public static func decode(_ bytes: [UInt8], file: String? = nil) throws -> NPYArray {
    var reader = ByteReader(bytes: bytes, file: file)
    try reader.expect(magic, "the NumPy magic \\x93NUMPY")
    let major = try reader.readUInt8("the major version")
    _ = try reader.readUInt8("the minor version")
    let headerLength: Int
    switch major {
    case 1: headerLength = Int(try reader.readUInt16("the header length"))
    case 2, 3: headerLength = Int(try reader.readUInt32("the header length"))
    default: throw reader.error("NPY version \(major) is not supported (expected 1, 2 or 3)", at: 6)
    }
    let headerStart = reader.offset
    let header = String(decoding: try reader.readBytes(headerLength, "the header"), as: UTF8.self)
    // The header is a Python dict literal: {'descr': ..., 'fortran_order': False, 'shape': (...), }
    guard let descrRange = header.range(of: "'descr':"), let orderRange = header.range(of: "'fortran_order':"),
          let shapeRange = header.range(of: "'shape':") else {
      throw reader.error("header is not a NumPy dict with descr, fortran_order and shape", at: headerStart)
    }
    if header[orderRange.upperBound...].trimmingPrefix(" ").hasPrefix("True") {
      throw reader.error("Fortran-ordered arrays are not supported; save with np.ascontiguousarray", at: headerStart)
    }
    let shapeText = header[shapeRange.upperBound...].drop { $0 != "(" }.dropFirst().prefix { $0 != ")" }
    let shape = shapeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    let count = shape.reduce(1, *)
    let descrText = header[descrRange.upperBound...].trimmingPrefix(" ")
    var layout: [(name: String, size: Int, kind: Character, offset: Int)] = []
    if descrText.hasPrefix("[") {
      // Structured: [('t', '<i8'), ('x', '<i8'), ('p', '<i8')]
      var offset = 0
      let body = descrText.prefix { $0 != "]" }
      for part in body.components(separatedBy: "(").dropFirst() {
        let quoted = part.split(separator: "'").map(String.init)
        guard quoted.count >= 3 else { continue }
        let (size, kind) = try scalar(quoted[2], reader, headerStart)
        layout.append((quoted[0], size, kind, offset))
        offset += size
      }
      guard !layout.isEmpty else { throw reader.error("structured dtype has no fields", at: headerStart) }
    } else {
      let quoted = descrText.split(separator: "'").map(String.init)
      guard let code = quoted.first else { throw reader.error("descr is missing", at: headerStart) }
      let (size, kind) = try scalar(code, reader, headerStart)
      layout = [("", size, kind, 0)]
    }
    let itemSize = layout.reduce(0) { $0 + $1.size }
    let dataStart = reader.offset
    guard count >= 0, count <= reader.remaining / max(itemSize, 1) else {
      throw reader.error("shape \(shape) needs \(count * itemSize) bytes of data but \(reader.remaining) remain", at: dataStart)
    }
    func value(_ o: Int, _ size: Int, _ kind: Character) -> Double {
      var raw: UInt64 = 0
      for i in 0..<size { raw |= UInt64(bytes[o + i]) << (8 * UInt64(i)) }
      switch (kind, size) {
      case ("f", 4): return Double(Float(bitPattern: UInt32(raw)))
      case ("f", 8): return Double(bitPattern: raw)
      case ("i", _):
        let shift = UInt64(64 - 8 * size)
        return Double(Int64(bitPattern: raw << shift) >> Int64(shift))
      default: return Double(raw)
      }
    }
    if layout.count == 1 && layout[0].name.isEmpty {
      let (_, size, kind, _) = layout[0]
      let values = (0..<count).map { value(dataStart + $0 * size, size, kind) }
      return NPYArray(shape: shape, values: values, fields: [])
    }
    let fields = layout.map { field in
      (name: field.name, values: (0..<count).map { value(dataStart + $0 * itemSize + field.offset, field.size, field.kind) })
    }
    return NPYArray(shape: shape, values: [], fields: fields)
  }

  /// A version-1.0 `.npy` file of `uint8` values with the given shape.
  public static func encodeUInt8(_ values: [UInt8], shape: [Int]) -> [UInt8] {
    encode(descr: "|u1", shape: shape, data: values)
  }

  /// A version-1.0 `.npy` file of little-endian `int64` values.
  public static func encodeInt64(_ values: [Int64], shape: [Int]) -> [UInt8] {
    var data: [UInt8] = []
    data.reserveCapacity(values.count * 8)
    for value in values { for i in 0..<8 { data.append(UInt8(truncatingIfNeeded: UInt64(bitPattern: value) >> (8 * UInt64(i)))) } }
    return encode(descr: "<i8", shape: shape, data: data)
  }

  static func encode(descr: String, shape: [Int], data: [UInt8]) -> [UInt8] {
    let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
    // Pad so that magic + version + length + header is a multiple of 64, ending in a newline.
    let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var writer = ByteWriter(capacity: 128 + data.count)
    writer.write(bytes: magic)
    writer.write(UInt8(1)); writer.write(UInt8(0))
    writer.write(UInt16(header.utf8.count))
    writer.write(bytes: Array(header.utf8))
    writer.write(bytes: data)
    return writer.bytes
  }
}

extension Substring {
  fileprivate func trimmingPrefix(_ character: Character) -> Substring { drop { $0 == character } }
}
