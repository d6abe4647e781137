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

  /// The (name, type) pairs of a structured dtype's list of tuples, reading the names as Python
  /// string literals (so a name may hold brackets, commas or escaped quotes).
  static func structuredFields(_ text: Substring, reader: ByteReader, at offset: Int) throws -> [(String, String)] {
    var characters = Array(text)[...]
    func fail(_ message: String) -> SpikelineError { reader.error("structured dtype: \(message)", at: offset) }
    func skipSpace() { while characters.first == " " { characters.removeFirst() } }
    func expect(_ c: Character) throws {
      skipSpace()
      guard characters.first == c else { throw fail("expected '\(c)'") }
      characters.removeFirst()
    }
    func literal() throws -> String {
      skipSpace()
      guard let quote = characters.first, quote == "'" || quote == "\"" else { throw fail("expected a quoted name or type") }
      characters.removeFirst()
      var text = ""
      while let c = characters.first {
        characters.removeFirst()
        if c == quote { return text }
        if c == "\\", let escaped = characters.first { characters.removeFirst(); text.append(escaped) } else { text.append(c) }
      }
      throw fail("a quoted name is not closed")
    }
    try expect("[")
    var fields: [(String, String)] = []
    while true {
      skipSpace()
      if characters.first == "]" { return fields }
      try expect("(")
      let name = try literal()
      try expect(",")
      let type = try literal()
      skipSpace()
      if characters.first == "," { throw fail("field '\(name)' is a sub-array, which is not supported") }
      try expect(")")
      fields.append((name, type))
      skipSpace()
      if characters.first == "," { characters.removeFirst() }
    }
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
    var count = 1
    for dimension in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard dimension >= 0, !overflow else { throw reader.error("shape \(shape) has more elements than can be addressed", at: headerStart) }
      count = product
    }
    let descrText = header[descrRange.upperBound...].trimmingPrefix(" ")
    var layout: [(name: String, size: Int, kind: Character, offset: Int)] = []
    if descrText.hasPrefix("[") {
      // Structured: [('t', '<i8'), ('x', '<i8'), ('p', '<i8')]
      var offset = 0
      for (name, type) in try structuredFields(descrText, reader: reader, at: headerStart) {
        let (size, kind) = try scalar(type, reader, headerStart)
        layout.append((name, size, kind, offset))
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
    guard count <= reader.remaining / max(itemSize, 1) else {
      throw reader.error("shape \(shape) needs \(count) items of \(itemSize) bytes but only \(reader.remaining) bytes remain", at: dataStart)
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

  /// One column of a structured (record) array.
  public enum Column: Sendable {
    /// Little-endian `int32` values.
    case int32(String, [Int32])
    /// Little-endian `int64` values.
    case int64(String, [Int64])
    /// Little-endian `float64` values.
    case float64(String, [Double])

    var name: String {
      switch self { case .int32(let name, _), .int64(let name, _), .float64(let name, _): return name }
    }
    var count: Int {
      switch self { case .int32(_, let v): return v.count; case .int64(_, let v): return v.count; case .float64(_, let v): return v.count }
    }
    var type: String {
      switch self { case .int32: return "<i4"; case .int64: return "<i8"; case .float64: return "<f8" }
    }
    func append(row: Int, to writer: inout ByteWriter) {
      switch self {
      case .int32(_, let v): writer.write(UInt32(bitPattern: v[row]))
      case .int64(_, let v): writer.write(UInt64(bitPattern: v[row]))
      case .float64(_, let v): writer.write(v[row])
      }
    }
  }

  /// A one-dimensional structured array, one record per row with the columns as named fields:
  /// `numpy.load` gives an array whose columns are `a["name"]`.
  /// - Precondition: every column has the same number of rows.
  /// - Complexity: O(rows × columns).
  public static func encodeRecords(_ columns: [Column]) -> [UInt8] {
    let rows = columns.first?.count ?? 0
    precondition(columns.allSatisfy { $0.count == rows }, "internal error: NPY columns of different lengths")
    func quoted(_ name: String) -> String {
      "'" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
    let descr = "[" + columns.map { "(\(quoted($0.name)), '\($0.type)')" }.joined(separator: ", ") + "]"
    var writer = ByteWriter(capacity: rows * columns.count * 8)
    for row in 0..<rows { for column in columns { column.append(row: row, to: &writer) } }
    return encode(descr: descr, quotedDescr: false, shape: [rows], data: writer.bytes)
  }

  static func encode(descr: String, quotedDescr: Bool = true, shape: [Int], data: [UInt8]) -> [UInt8] {
    let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': \(quotedDescr ? "'\(descr)'" : descr), 'fortran_order': False, 'shape': \(shapeText), }"
    // Version 1.0 has a 16-bit header length; a longer header (many named columns) needs 2.0.
    let version: UInt8 = header.utf8.count + 64 > Int(UInt16.max) ? 2 : 1
    let lengthBytes = version == 1 ? 2 : 4
    // Pad so that magic + version + length + header is a multiple of 64, ending in a newline.
    let unpadded = magic.count + 2 + lengthBytes + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var writer = ByteWriter(capacity: 128 + header.utf8.count + data.count)
    writer.write(bytes: magic)
    writer.write(version); writer.write(UInt8(0))
    if version == 1 { writer.write(UInt16(header.utf8.count)) } else { writer.write(UInt32(header.utf8.count)) }
    writer.write(bytes: Array(header.utf8))
    writer.write(bytes: data)
    return writer.bytes
  }
}

extension Substring {
  fileprivate func trimmingPrefix(_ character: Character) -> Substring { drop { $0 == character } }
}
