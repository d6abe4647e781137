import SpikelineSupport

/// Writes HDF5 files in the subset `HDF5File` reads and h5py reads back: superblock version 0,
/// version-1 object headers, groups as symbol tables, contiguous datasets of float32, float64 and
/// int64 arrays and fixed-length strings. Enough for NIR files (`nir.read` accepts what this writes).
public struct HDF5Writer {
  /// A dataset's contents.
  public enum Data: Sendable {
    /// float32 values with a shape (empty for a scalar).
    case float32(shape: [Int], values: [Float])
    /// float64 values with a shape.
    case float64(shape: [Int], values: [Double])
    /// int64 values with a shape.
    case int64(shape: [Int], values: [Int64])
    /// Byte strings, fixed length (the longest), with a shape.
    case strings(shape: [Int], values: [String])
  }

  /// A group's members: datasets and groups by name.
  public indirect enum Member: Sendable {
    /// A dataset.
    case dataset(Data)
    /// A group.
    case group([String: Member])
  }

  static let undefined = UInt64.max
  static let leafK = 4, internalK = 16

  var output = ByteWriter()

  /// The file's bytes for a root group holding `members`.
  /// - Throws: `SpikelineError` when a group has more members than one B-tree node indexes (256).
  public static func file(_ members: [String: Member]) throws -> [UInt8] {
    var writer = HDF5Writer()
    // Superblock (56 bytes) and root symbol-table entry (40), written last when addresses are known.
    writer.output.write(bytes: [UInt8](repeating: 0, count: 96))
    let root = try writer.writeGroup(members)
    var superblock = ByteWriter()
    superblock.write(bytes: [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, 0, 8, 8, 0])
    superblock.write(UInt16(leafK))
    superblock.write(UInt16(internalK))
    superblock.write(UInt32(0))
    superblock.write(UInt64(0))
    superblock.write(undefined)
    superblock.write(UInt64(writer.output.bytes.count))
    superblock.write(undefined)
    superblock.write(UInt64(0))  // root link name offset
    superblock.write(UInt64(root.header))
    superblock.write(UInt32(1))  // cache type 1: the scratch pad holds the group's B-tree and heap
    superblock.write(UInt32(0))
    superblock.write(UInt64(root.tree))
    superblock.write(UInt64(root.heap))
    var bytes = writer.output.bytes
    bytes.replaceSubrange(0..<96, with: superblock.bytes)
    return bytes
  }

  mutating func align() {
    while output.bytes.count % 8 != 0 { output.write(UInt8(0)) }
  }

  /// Writes a group's members, then its heap, symbol-table nodes, B-tree and object header.
  mutating func writeGroup(_ members: [String: Member]) throws -> (header: Int, tree: Int, heap: Int) {
    let names = members.keys.sorted()
    var addresses: [Int] = []
    for name in names {
      switch members[name] {
      case .dataset(let data)?: addresses.append(writeDataset(data))
      case .group(let children)?: addresses.append(try writeGroup(children).header)
      case nil: break
      }
    }
    let perNode = 2 * HDF5Writer.leafK
    let nodes = stride(from: 0, to: max(names.count, 1), by: perNode).map { Array(names.indices)[$0..<min($0 + perNode, names.count)] }
    guard nodes.count <= 2 * HDF5Writer.internalK else {
      throw SpikelineError(.invalidInput, "a group of \(names.count) members is more than one B-tree node indexes (\(perNode * 2 * HDF5Writer.internalK))")
    }
    // Local heap: "" at 0, then each name, null-terminated, padded to 8 bytes.
    var segment: [UInt8] = [UInt8](repeating: 0, count: 8)
    var nameOffsets: [Int] = []
    for name in names {
      nameOffsets.append(segment.count)
      segment += Array(name.utf8) + [0]
      while segment.count % 8 != 0 { segment.append(0) }
    }
    align()
    let segmentAddress = output.bytes.count
    output.write(bytes: segment)
    align()
    let heap = output.bytes.count
    output.write(bytes: Array("HEAP".utf8) + [0, 0, 0, 0])
    output.write(UInt64(segment.count))
    output.write(UInt64(1))  // no free block: libhdf5's H5HL_FREE_NULL
    output.write(UInt64(segmentAddress))
    var symbolNodes: [Int] = []
    for node in nodes {
      align()
      symbolNodes.append(output.bytes.count)
      output.write(bytes: Array("SNOD".utf8) + [1, 0])
      output.write(UInt16(node.count))
      for index in node {
        output.write(UInt64(nameOffsets[index]))
        output.write(UInt64(addresses[index]))
        output.write(bytes: [UInt8](repeating: 0, count: 24))
      }
      output.write(bytes: [UInt8](repeating: 0, count: (perNode - node.count) * 40))
    }
    align()
    let tree = output.bytes.count
    output.write(bytes: Array("TREE".utf8) + [0, 0])
    output.write(UInt16(names.isEmpty ? 0 : nodes.count))
    output.write(HDF5Writer.undefined)
    output.write(HDF5Writer.undefined)
    output.write(UInt64(0))  // key 0: the empty name
    if !names.isEmpty {
      for (node, address) in zip(nodes, symbolNodes) {
        output.write(UInt64(address))
        output.write(UInt64(nameOffsets[node.last ?? 0]))  // the largest name in the child
      }
    }
    let used = names.isEmpty ? 0 : nodes.count
    output.write(bytes: [UInt8](repeating: 0, count: (2 * HDF5Writer.internalK - used) * 16))
    var table = ByteWriter()
    table.write(UInt64(tree))
    table.write(UInt64(heap))
    return (writeHeader([(0x0011, table.bytes)]), tree, heap)
  }

  /// Writes a dataset's data, then its object header; returns the header's address.
  mutating func writeDataset(_ data: Data) -> Int {
    let (shape, type, bytes) = HDF5Writer.encode(data)
    align()
    let address = output.bytes.count
    output.write(bytes: bytes)
    var space = ByteWriter()
    space.write(bytes: [1, UInt8(shape.count), 0, 0, 0, 0, 0, 0])
    for extent in shape { space.write(UInt64(extent)) }
    let fill: [UInt8] = [2, 1, 2, 0]  // version 2, early allocation, never written, no fill value
    var layout = ByteWriter()
    layout.write(bytes: [3, 1])
    layout.write(UInt64(address))
    layout.write(UInt64(bytes.count))
    return writeHeader([(0x0001, space.bytes), (0x0003, type), (0x0005, fill), (0x0008, layout.bytes)])
  }

  /// A version-1 object header with `messages`, each padded to 8 bytes.
  mutating func writeHeader(_ messages: [(type: Int, data: [UInt8])]) -> Int {
    align()
    let address = output.bytes.count
    let padded = messages.map { $0.data + [UInt8](repeating: 0, count: (8 - $0.data.count % 8) % 8) }
    output.write(bytes: [1, 0])
    output.write(UInt16(messages.count))
    output.write(UInt32(1))
    output.write(UInt32(padded.reduce(0) { $0 + 8 + $1.count }))
    output.write(UInt32(0))
    for (message, data) in zip(messages, padded) {
      output.write(UInt16(message.type))
      output.write(UInt16(data.count))
      output.write(bytes: [0, 0, 0, 0])
      output.write(bytes: data)
    }
    return address
  }

  /// The datatype message of a little-endian IEEE float of `size` bytes.
  static func floatType(size: Int, exponentBits: UInt8, mantissaBits: UInt8, bias: UInt32) -> [UInt8] {
    var type = ByteWriter()
    let bits = UInt8(size * 8)
    type.write(bytes: [0x11, 0x20, bits - 1, 0])  // class 1 version 1; implied mantissa bit; sign bit position
    type.write(UInt32(size))
    type.write(bytes: [0, 0, bits, 0, mantissaBits, exponentBits, 0, mantissaBits])  // offset, precision, exponent and mantissa
    type.write(bias)
    return type.bytes
  }

  /// Shape, datatype message and little-endian bytes of a dataset.
  static func encode(_ data: Data) -> (shape: [Int], type: [UInt8], bytes: [UInt8]) {
    var bytes = ByteWriter()
    var type = ByteWriter()
    switch data {
    case .float32(let shape, let values):
      for value in values { bytes.write(value.bitPattern) }
      return (shape, floatType(size: 4, exponentBits: 8, mantissaBits: 23, bias: 127), bytes.bytes)
    case .float64(let shape, let values):
      for value in values { bytes.write(value.bitPattern) }
      return (shape, floatType(size: 8, exponentBits: 11, mantissaBits: 52, bias: 1023), bytes.bytes)
    case .int64(let shape, let values):
      type.write(bytes: [0x10, 0x08, 0, 0])
      type.write(UInt32(8))
      type.write(bytes: [0, 0, 64, 0])
      for value in values { bytes.write(UInt64(bitPattern: value)) }
      return (shape, type.bytes, bytes.bytes)
    case .strings(let shape, let values):
      let width = max(values.map(\.utf8.count).max() ?? 1, 1)
      type.write(bytes: [0x13, 0x01, 0, 0])  // null-padded ASCII, as numpy's "S" type
      type.write(UInt32(width))
      for value in values { bytes.write(bytes: Array(value.utf8) + [UInt8](repeating: 0, count: width - value.utf8.count)) }
      return (shape, type.bytes, bytes.bytes)
    }
  }
}
