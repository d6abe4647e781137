import SpikelineSupport

/// Seeded mutations of an input: byte-level (flips, extreme bytes, insertions, deletions, cuts,
/// repeats) and, for text, number tokens replaced by extreme values and deep nesting, the changes
/// that found every crash so far.
struct FuzzMutator {
  /// Numbers a user eventually types: zeros, negatives, the edges of the integer and float ranges.
  static let extremeNumbers = ["0", "-1", "1e308", "-1e308", "1e-320", "1e-300", "9223372036854775807", "-9223372036854775808",
                               "18446744073709551615", "4294967296", "65536", "2147483648", "1e20", "0.0000001", "3.5", "-0"]

  var generator: SeededGenerator

  /// A mutation of `input`: one to four edits, chosen at random.
  mutating func mutate(_ input: [UInt8], text: Bool) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + generator.uniformInt(below: 4)) {
      let choice = generator.uniformInt(below: text ? 10 : 7)
      switch choice {
      case 0: flipBit(&bytes)
      case 1: setExtremeByte(&bytes)
      case 2: insertBytes(&bytes)
      case 3: deleteBytes(&bytes)
      case 4: if !bytes.isEmpty { bytes.removeLast(generator.uniformInt(below: bytes.count)) }
      case 5: repeatChunk(&bytes)
      case 6: setExtremeWord(&bytes)
      case 7, 8: replaceNumber(&bytes)
      default: nest(&bytes)
      }
    }
    return bytes
  }

  mutating func flipBit(_ bytes: inout [UInt8]) {
    guard !bytes.isEmpty else { return }
    bytes[generator.uniformInt(below: bytes.count)] ^= 1 << UInt8(generator.uniformInt(below: 8))
  }

  mutating func setExtremeByte(_ bytes: inout [UInt8]) {
    guard !bytes.isEmpty else { return }
    bytes[generator.uniformInt(below: bytes.count)] = [0x00, 0xFF, 0x7F, 0x80, 0x01][generator.uniformInt(below: 5)]
  }

  /// Four or eight bytes set to an extreme little-endian integer (a count or a size field).
  mutating func setExtremeWord(_ bytes: inout [UInt8]) {
    let width = generator.bernoulli(0.5) ? 4 : 8
    guard bytes.count >= width else { return }
    let at = generator.uniformInt(below: bytes.count - width + 1)
    let values: [UInt64] = [0, 1, UInt64.max, UInt64(Int64.max), 1 << 31, 1 << 32, 0x8000_0000_0000_0000, 65_535]
    let value = values[generator.uniformInt(below: values.count)]
    for i in 0..<width { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
  }

  mutating func insertBytes(_ bytes: inout [UInt8]) {
    let at = generator.uniformInt(below: bytes.count + 1)
    let count = 1 + generator.uniformInt(below: 16)
    bytes.insert(contentsOf: (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }, at: at)
  }

  mutating func deleteBytes(_ bytes: inout [UInt8]) {
    guard !bytes.isEmpty else { return }
    let at = generator.uniformInt(below: bytes.count)
    bytes.removeSubrange(at..<min(bytes.count, at + 1 + generator.uniformInt(below: 16)))
  }

  mutating func repeatChunk(_ bytes: inout [UInt8]) {
    guard bytes.count > 2 else { return }
    let at = generator.uniformInt(below: bytes.count - 1)
    let chunk = Array(bytes[at..<min(bytes.count, at + 1 + generator.uniformInt(below: 64))])
    bytes.insert(contentsOf: Array(repeating: chunk, count: 1 + generator.uniformInt(below: 8)).flatMap { $0 }, at: at)
  }

  /// A number token of JSON or CSV text replaced by an extreme value.
  mutating func replaceNumber(_ bytes: inout [UInt8]) {
    var starts: [Int] = []
    var index = 0
    while index < bytes.count {
      if isNumberByte(bytes[index]) && (index == 0 || !isNumberByte(bytes[index - 1])) && (bytes[index] != UInt8(ascii: "e")) { starts.append(index) }
      index += 1
    }
    guard !starts.isEmpty else { return }
    let start = starts[generator.uniformInt(below: starts.count)]
    var end = start
    while end < bytes.count && isNumberByte(bytes[end]) { end += 1 }
    let replacement = Self.extremeNumbers[generator.uniformInt(below: Self.extremeNumbers.count)]
    bytes.replaceSubrange(start..<end, with: Array(replacement.utf8))
  }

  func isNumberByte(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
      || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+")
  }

  /// A JSON value wrapped in many arrays (deep nesting).
  mutating func nest(_ bytes: inout [UInt8]) {
    guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
    let depth = [10, 300, 5_000][generator.uniformInt(below: 3)]
    bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "["), count: depth), at: colon + 1)
  }
}
