import SpikelineSupport

extension HDF5File {
  /// The dataset's `total` bytes in row-major order, chunks decompressed and placed.
  func rawBytes(_ layout: Layout, shape: [Int], elementSize: Int, total: Int, filters: [(id: Int, data: [UInt32])],
                header: Int) throws -> [UInt8] {
    switch layout {
    case .compact(let offset, let size):
      guard size >= total, offset + total <= bytes.count else {
        throw SpikelineError.byte(offset, "compact data holds \(size) bytes, the dataset needs \(total)", file: file)
      }
      return Array(bytes[offset..<(offset + total)])
    case .contiguous(let address, let size):
      guard let address else { return [UInt8](repeating: 0, count: total) }
      guard size >= total, address >= 0, address + total <= bytes.count else {
        throw SpikelineError.byte(address, "contiguous data of \(total) bytes runs past the end of the file (\(bytes.count) bytes)", file: file)
      }
      return Array(bytes[address..<(address + total)])
    case .chunked(let tree, let chunk):
      var output = [UInt8](repeating: 0, count: total)
      guard let tree else { return output }
      var chunkElements = 1
      for extent in chunk { chunkElements *= extent }
      let chunkBytes = chunkElements * elementSize
      guard chunkBytes <= maximumDatasetBytes else {
        throw SpikelineError.byte(header, "chunks of \(chunk) elements are too large", file: file)
      }
      for location in try chunkLocations(tree: tree, rank: shape.count) {
        guard location.address >= 0, location.address + location.size <= bytes.count else {
          throw SpikelineError.byte(location.address, "chunk of \(location.size) bytes runs past the end of the file", file: file)
        }
        var data = Array(bytes[location.address..<(location.address + location.size)])
        for (index, filter) in filters.enumerated().reversed() where location.filterMask & (1 << UInt32(index)) == 0 {
          data = try unfilter(data, filter, expected: chunkBytes, at: location.address)
        }
        guard data.count == chunkBytes else {
          throw SpikelineError.byte(location.address, "chunk holds \(data.count) bytes after its filters, expected \(chunkBytes)", file: file)
        }
        place(data, chunkOffset: location.offset, chunk: chunk, shape: shape, elementSize: elementSize, into: &output)
      }
      return output
    }
  }

  /// One stored chunk: where it starts in the dataset, its bytes in the file, and which filters it skipped.
  struct ChunkLocation {
    var offset: [Int]
    var address: Int
    var size: Int
    var filterMask: UInt32
  }

  /// Every chunk of a version-1 chunk B-tree (node type 1).
  func chunkLocations(tree: Int, rank: Int) throws -> [ChunkLocation] {
    var chunks: [ChunkLocation] = []
    var pending = [tree]
    var visited = Set<Int>()
    while let node = pending.popLast() {
      guard visited.insert(node).inserted else { throw SpikelineError.byte(node, "chunk B-tree revisits a node", file: file) }
      try checkAddress(node, "chunk B-tree node", at: node)
      var reader = reader(at: node)
      try reader.expect(Array("TREE".utf8), "a chunk B-tree node signature")
      let type = try reader.readUInt8("the B-tree node type")
      guard type == 1 else { throw reader.error("B-tree node type \(type) for chunks (expected 1)") }
      let level = try reader.readUInt8("the node level")
      let entries = Int(try reader.readUInt16("the entries used"))
      try reader.skip(16, "sibling addresses")
      for _ in 0..<entries {
        let size = Int(try reader.readUInt32("a chunk size"))
        let mask = try reader.readUInt32("a chunk filter mask")
        var offset: [Int] = []
        for _ in 0...rank { offset.append(try reader.readIndex("a chunk offset")) }
        let child = try reader.readIndex("a chunk address")
        if level == 0 {
          chunks.append(ChunkLocation(offset: Array(offset.dropLast()), address: child, size: size, filterMask: mask))
        } else {
          pending.append(child)
        }
      }
    }
    return chunks
  }

  func unfilter(_ data: [UInt8], _ filter: (id: Int, data: [UInt32]), expected: Int, at address: Int) throws -> [UInt8] {
    switch filter.id {
    case 1: return try Inflate.zlib(data[...], fileOffset: address, file: file, limit: expected)
    case 2:
      let width = Int(filter.data.first ?? 1)
      guard width > 1, data.count % width == 0 else { return data }
      let count = data.count / width
      var output = [UInt8](repeating: 0, count: data.count)
      for byte in 0..<width {
        for element in 0..<count { output[element * width + byte] = data[byte * count + element] }
      }
      return output
    default:
      guard data.count >= 4 else { throw SpikelineError.byte(address, "Fletcher-32 chunk is shorter than its checksum", file: file) }
      return Array(data.dropLast(4))
    }
  }

  /// Copies a chunk's elements into the row-major dataset, clipping at the dataset's edges.
  func place(_ data: [UInt8], chunkOffset: [Int], chunk: [Int], shape: [Int], elementSize: Int, into output: inout [UInt8]) {
    let rank = shape.count
    if rank == 0 { output.replaceSubrange(0..<min(elementSize, output.count), with: data.prefix(elementSize)); return }
    var index = [Int](repeating: 0, count: rank)
    var source = 0
    while true {
      var inside = true
      var target = 0
      for axis in 0..<rank {
        let position = chunkOffset[axis] + index[axis]
        if position >= shape[axis] { inside = false; break }
        target = target * shape[axis] + position
      }
      if inside {
        let from = source * elementSize, to = target * elementSize
        for byte in 0..<elementSize { output[to + byte] = data[from + byte] }
      }
      source += 1
      var axis = rank - 1
      while axis >= 0 {
        index[axis] += 1
        if index[axis] < chunk[axis] { break }
        index[axis] = 0
        axis -= 1
      }
      if axis < 0 { return }
    }
  }

  /// Raw bytes to values.
  func convert(_ raw: [UInt8], element: ElementType, shape: [Int], count: Int, header: Int) throws -> HDF5Value {
    switch element {
    case .integer(let size, let signed, let bigEndian):
      let values = (0..<count).map { index -> Double in
        var bits: UInt64 = 0
        for byte in 0..<size {
          let value = UInt64(raw[index * size + (bigEndian ? byte : size - 1 - byte)])
          bits = bits << 8 | value
        }
        if signed && size < 8 && bits & (1 << UInt64(size * 8 - 1)) != 0 { bits |= ~((1 << UInt64(size * 8)) - 1) }
        return signed ? Double(Int64(bitPattern: bits)) : Double(bits)
      }
      return .numbers(shape: shape, values: values)
    case .float(let size, let bigEndian):
      let values = (0..<count).map { index -> Double in
        var bits: UInt64 = 0
        for byte in 0..<size {
          bits = bits << 8 | UInt64(raw[index * size + (bigEndian ? byte : size - 1 - byte)])
        }
        return size == 4 ? Double(Float(bitPattern: UInt32(bits))) : Double(bitPattern: bits)
      }
      return .numbers(shape: shape, values: values)
    case .fixedString(let size):
      let values = (0..<count).map { index -> String in
        let slice = raw[(index * size)..<((index + 1) * size)]
        let end = slice.firstIndex(of: 0) ?? slice.endIndex
        return String(decoding: slice[..<end], as: UTF8.self).trimmingTrailingSpaces()
      }
      return .strings(shape: shape, values: values)
    case .variableString:
      var heaps: [Int: [Int: ArraySlice<UInt8>]] = [:]
      var values: [String] = []
      for index in 0..<count {
        var reader = ByteReader(bytes: raw, file: file)
        try reader.seek(to: index * 16)
        let length = Int(try reader.readUInt32("a string length"))
        let collection = try reader.readIndex("a global heap address")
        let object = Int(try reader.readUInt32("a global heap object index"))
        if heaps[collection] == nil { heaps[collection] = try globalHeap(at: collection) }
        guard let data = heaps[collection]?[object], data.count >= length else {
          throw SpikelineError.byte(collection, "global heap has no object \(object) of \(length) bytes", file: file)
        }
        values.append(String(decoding: data.prefix(length), as: UTF8.self))
      }
      return .strings(shape: shape, values: values)
    }
  }

  /// The objects of a global heap collection, by index.
  func globalHeap(at address: Int) throws -> [Int: ArraySlice<UInt8>] {
    try checkAddress(address, "global heap", at: address)
    var reader = reader(at: address)
    try reader.expect(Array("GCOL".utf8), "a global heap signature")
    try reader.skip(4, "the global heap version")
    let size = try reader.readIndex("the collection size")
    guard size >= 16, address + size <= bytes.count else {
      throw reader.error("global heap collection of \(size) bytes runs past the end of the file", at: address)
    }
    var objects: [Int: ArraySlice<UInt8>] = [:]
    while reader.offset + 16 <= address + size {
      let index = Int(try reader.readUInt16("a heap object index"))
      try reader.skip(6, "the reference count")
      let length = try reader.readIndex("a heap object size")
      if index == 0 { break }
      guard length <= address + size - reader.offset else { throw reader.error("heap object of \(length) bytes overruns its collection") }
      objects[index] = try reader.readBytes(length, "a heap object")
      try reader.skip((8 - length % 8) % 8, "padding")
    }
    return objects
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
