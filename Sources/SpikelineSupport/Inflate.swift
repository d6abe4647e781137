/// Decompresses DEFLATE data (RFC 1951), raw or in a zlib wrapper (RFC 1950): what HDF5's gzip
/// filter and NPZ archives store. Every malformed stream ends in a `SpikelineError` naming the byte
/// offset (in the file, given the stream's position) and what was expected; output is capped so a
/// damaged or hostile stream cannot exhaust memory.
public enum Inflate {
  /// Decompresses a zlib stream (2-byte header, DEFLATE data, Adler-32 checksum).
  /// - Parameters:
  ///   - data: the stream.
  ///   - fileOffset: where the stream starts in `file`, for error offsets.
  ///   - limit: the most bytes the output may hold.
  /// - Throws: `SpikelineError` for a bad header, bad DEFLATE data, a checksum mismatch or output past `limit`.
  /// - Complexity: O(output + input).
  public static func zlib(_ data: ArraySlice<UInt8>, fileOffset: Int = 0, file: String? = nil, limit: Int) throws -> [UInt8] {
    let start = data.startIndex
    guard data.count >= 6 else { throw SpikelineError.byte(fileOffset, "zlib stream of \(data.count) bytes is too short (expected at least 6)", file: file) }
    let cmf = Int(data[start]), flg = Int(data[start + 1])
    guard cmf & 0x0F == 8, cmf >> 4 <= 7, (cmf * 256 + flg) % 31 == 0, flg & 0x20 == 0 else {
      throw SpikelineError.byte(fileOffset, "expected a zlib header (deflate, no preset dictionary), found 0x\(String(cmf, radix: 16)) 0x\(String(flg, radix: 16))", file: file)
    }
    var decoder = Decoder(data[(start + 2)...], fileOffset: fileOffset + 2, file: file, limit: limit)
    let output = try decoder.run()
    let end = decoder.position
    guard data.endIndex - end >= 4 else {
      throw SpikelineError.byte(fileOffset + (end - start), "zlib stream ends before its Adler-32 checksum", file: file)
    }
    let stored = data[end..<(end + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    let computed = adler32(output)
    guard stored == computed else {
      throw SpikelineError.byte(fileOffset + (end - start), "zlib checksum mismatch: stored 0x\(String(stored, radix: 16)), data gives 0x\(String(computed, radix: 16))", file: file)
    }
    return output
  }

  /// Decompresses raw DEFLATE data.
  /// - Throws: `SpikelineError` for bad DEFLATE data or output past `limit`.
  public static func raw(_ data: ArraySlice<UInt8>, fileOffset: Int = 0, file: String? = nil, limit: Int) throws -> [UInt8] {
    var decoder = Decoder(data, fileOffset: fileOffset, file: file, limit: limit)
    return try decoder.run()
  }

  /// The Adler-32 checksum of `bytes` (RFC 1950).
  public static func adler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1, b: UInt32 = 0
    var index = 0
    while index < bytes.count {
      let end = min(index + 5552, bytes.count)
      while index < end { a &+= UInt32(bytes[index]); b &+= a; index += 1 }
      a %= 65521
      b %= 65521
    }
    return b << 16 | a
  }

  /// A canonical Huffman code: how many codes of each length, and the symbols in code order.
  struct Huffman {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int]
    /// True when the lengths over-subscribe the code space (a damaged stream).
    var isOverSubscribed = false

    init(lengths: ArraySlice<Int>) {
      symbols = [Int](repeating: 0, count: lengths.count)
      for length in lengths { counts[length] += 1 }
      var left = 1
      for length in 1..<16 {
        left <<= 1
        left -= counts[length]
        if left < 0 { isOverSubscribed = true }
      }
      var offsets = [Int](repeating: 0, count: 16)
      for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
      for (symbol, length) in lengths.enumerated() where length != 0 {
        symbols[offsets[length]] = symbol
        offsets[length] += 1
      }
      counts[0] = 0
    }
  }

  static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
  static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
  static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                             4097, 6145, 8193, 12289, 16385, 24577]
  static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
  static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

  static let fixed: (literals: Huffman, distances: Huffman) = {
    var lengths = [Int](repeating: 8, count: 288)
    for symbol in 144..<256 { lengths[symbol] = 9 }
    for symbol in 256..<280 { lengths[symbol] = 7 }
    return (Huffman(lengths: lengths[...]), Huffman(lengths: [Int](repeating: 5, count: 30)[...]))
  }()

  /// One DEFLATE stream being decoded: bits are read least significant first.
  struct Decoder {
    let data: ArraySlice<UInt8>
    let fileOffset: Int
    let file: String?
    let limit: Int
    var position: Int
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    var output: [UInt8] = []

    init(_ data: ArraySlice<UInt8>, fileOffset: Int, file: String?, limit: Int) {
      self.data = data
      self.fileOffset = fileOffset
      self.file = file
      self.limit = limit
      position = data.startIndex
    }

    func error(_ message: String) -> SpikelineError {
      .byte(fileOffset + (position - data.startIndex), message, file: file)
    }

    mutating func bits(_ count: Int) throws -> Int {
      while bitCount < count {
        guard position < data.endIndex else { throw error("compressed data ends early (inside a DEFLATE block)") }
        bitBuffer |= UInt64(data[position]) << UInt64(bitCount)
        position += 1
        bitCount += 8
      }
      let value = Int(bitBuffer & ((1 << UInt64(count)) - 1))
      bitBuffer >>= UInt64(count)
      bitCount -= count
      return value
    }

    mutating func decode(_ code: Huffman) throws -> Int {
      var value = 0, first = 0, index = 0
      for length in 1..<16 {
        value |= try bits(1)
        let count = code.counts[length]
        if value - count < first { return code.symbols[index + (value - first)] }
        index += count
        first += count
        first <<= 1
        value <<= 1
      }
      throw error("invalid Huffman code in DEFLATE data")
    }

    mutating func append(_ byte: UInt8) throws {
      guard output.count < limit else { throw error("decompressed data exceeds the expected \(limit) bytes") }
      output.append(byte)
    }

    mutating func run() throws -> [UInt8] {
      var last = false
      while !last {
        last = try bits(1) == 1
        switch try bits(2) {
        case 0: try stored()
        case 1: try codes(Inflate.fixed.literals, Inflate.fixed.distances)
        case 2:
          let tables = try dynamicTables()
          try codes(tables.0, tables.1)
        default: throw error("invalid DEFLATE block type 3")
        }
      }
      // Unused bits of the last byte belong to it; whole unread bytes go back.
      position -= bitCount / 8
      bitCount = 0
      return output
    }

    mutating func stored() throws {
      bitBuffer = 0
      bitCount = 0
      guard data.endIndex - position >= 4 else { throw error("compressed data ends early (stored block header)") }
      let length = Int(data[position]) | Int(data[position + 1]) << 8
      let complement = Int(data[position + 2]) | Int(data[position + 3]) << 8
      guard length == ~complement & 0xFFFF else { throw error("stored block length \(length) does not match its complement") }
      position += 4
      guard data.endIndex - position >= length else { throw error("compressed data ends early (stored block of \(length) bytes)") }
      for index in position..<(position + length) { try append(data[index]) }
      position += length
    }

    mutating func dynamicTables() throws -> (Huffman, Huffman) {
      let literalCount = try bits(5) + 257, distanceCount = try bits(5) + 1, codeLengthCount = try bits(4) + 4
      guard literalCount <= 286, distanceCount <= 30 else { throw error("too many literal/length or distance codes") }
      var codeLengths = [Int](repeating: 0, count: 19)
      for index in 0..<codeLengthCount { codeLengths[Inflate.codeLengthOrder[index]] = try bits(3) }
      let lengthCode = Huffman(lengths: codeLengths[...])
      guard !lengthCode.isOverSubscribed else { throw error("over-subscribed code-length code") }
      var lengths: [Int] = []
      while lengths.count < literalCount + distanceCount {
        let symbol = try decode(lengthCode)
        if symbol < 16 { lengths.append(symbol); continue }
        var repeated = 0, count = 0
        switch symbol {
        case 16:
          guard let previous = lengths.last else { throw error("repeat code with no previous length") }
          repeated = previous
          count = 3 + (try bits(2))
        case 17: count = 3 + (try bits(3))
        default: count = 11 + (try bits(7))
        }
        guard lengths.count + count <= literalCount + distanceCount else { throw error("code lengths overrun the table") }
        lengths += [Int](repeating: repeated, count: count)
      }
      guard lengths[256] != 0 else { throw error("no end-of-block code") }
      let literals = Huffman(lengths: lengths[0..<literalCount]), distances = Huffman(lengths: lengths[literalCount...])
      guard !literals.isOverSubscribed, !distances.isOverSubscribed else {
        throw error("over-subscribed literal/length or distance code")
      }
      return (literals, distances)
    }

    mutating func codes(_ literals: Huffman, _ distances: Huffman) throws {
      while true {
        let symbol = try decode(literals)
        if symbol < 256 { try append(UInt8(symbol)); continue }
        if symbol == 256 { return }
        let index = symbol - 257
        guard index < 29 else { throw error("invalid length symbol \(symbol)") }
        let length = Inflate.lengthBase[index] + (try bits(Inflate.lengthExtra[index]))
        let distanceSymbol = try decode(distances)
        guard distanceSymbol < 30 else { throw error("invalid distance symbol \(distanceSymbol)") }
        let distance = Inflate.distanceBase[distanceSymbol] + (try bits(Inflate.distanceExtra[distanceSymbol]))
        guard distance <= output.count else { throw error("distance \(distance) reaches before the start of the output") }
        guard output.count + length <= limit else { throw error("decompressed data exceeds the expected \(limit) bytes") }
        let from = output.count - distance
        for offset in 0..<length { output.append(output[from + offset]) }
      }
    }
  }
}
