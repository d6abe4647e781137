import SpikelineSupport

extension HDF5File {
  /// One message of an object header: its type and where its data starts.
  struct HeaderMessage {
    var type: Int
    var offset: Int
    var size: Int
  }

  /// The messages of the version-1 object header at `address`, continuation blocks followed.
  /// - Throws: `SpikelineError` for another header version or a damaged header.
  func headerMessages(at address: Int) throws -> [HeaderMessage] {
    try checkAddress(address, "object header", at: address)
    var reader = reader(at: address)
    let version = try reader.readUInt8("the object header version")
    guard version == 1 else {
      throw reader.error("object header version \(version) is not supported (expected 1)", at: address)
    }
    try reader.skip(1, "reserved")
    let count = Int(try reader.readUInt16("the number of header messages"))
    try reader.skip(4, "the reference count")
    let size = Int(try reader.readUInt32("the object header size"))
    var blocks = [(start: address + 16, end: address + 16 + size)]
    var messages: [HeaderMessage] = []
    var visited = Set<Int>()
    while let block = blocks.first, messages.count < count {
      blocks.removeFirst()
      guard visited.insert(block.start).inserted else {
        throw SpikelineError.byte(block.start, "object header continuation loops back to itself", file: file)
      }
      guard block.end <= bytes.count, block.start <= block.end else {
        throw SpikelineError.byte(block.start, "object header block of \(block.end - block.start) bytes runs past the end of the file", file: file)
      }
      var position = block.start
      while position + 8 <= block.end, messages.count < count {
        var header = self.reader(at: position)
        let type = Int(try header.readUInt16("a header message type"))
        let length = Int(try header.readUInt16("a header message size"))
        guard position + 8 + length <= block.end else {
          throw SpikelineError.byte(position, "header message of \(length) bytes runs past its header block", file: file)
        }
        let message = HeaderMessage(type: type, offset: position + 8, size: length)
        messages.append(message)
        if type == 0x0010 {
          var continuation = self.reader(at: message.offset)
          let start = try continuation.readIndex("a continuation address")
          let length = try continuation.readIndex("a continuation length")
          try checkAddress(start, "continuation block", at: message.offset)
          blocks.append((start, start + length))
        }
        position += 8 + length
      }
    }
    return messages
  }

  /// The members of a group stored as a symbol table: name → object header address.
  /// - Throws: `SpikelineError` for a damaged B-tree, symbol-table node or local heap.
  func groupMembers(tree: Int, heap: Int) throws -> [String: Int] {
    try checkAddress(heap, "local heap", at: heap)
    var heapReader = reader(at: heap)
    try heapReader.expect(Array("HEAP".utf8), "a local heap signature")
    try heapReader.skip(4, "the heap version")
    let segmentSize = try heapReader.readIndex("the heap data size")
    try heapReader.skip(8, "the heap free list")
    let segment = try heapReader.readIndex("the heap data address")
    try checkAddress(segment, "heap data", at: heap)
    var members: [String: Int] = [:]
    var pending = [tree]
    var visited = Set<Int>()
    while let node = pending.popLast() {
      guard visited.insert(node).inserted else { throw SpikelineError.byte(node, "group B-tree revisits a node", file: file) }
      try checkAddress(node, "B-tree node", at: node)
      var reader = reader(at: node)
      if (try? reader.expect(Array("SNOD".utf8), "")) != nil {
        try reader.skip(2, "the symbol node version")
        let symbols = Int(try reader.readUInt16("the number of symbols"))
        for _ in 0..<symbols {
          let nameOffset = try reader.readIndex("a link name offset")
          let header = try reader.readIndex("an object header address")
          try reader.skip(24, "a symbol table entry's cache")
          guard nameOffset < segmentSize else {
            throw reader.error("link name offset \(nameOffset) lies outside the local heap of \(segmentSize) bytes")
          }
          members[try cString(at: segment + nameOffset, limit: segment + segmentSize)] = header
        }
        continue
      }
      try reader.seek(to: node)
      try reader.expect(Array("TREE".utf8), "a B-tree or symbol-table node signature")
      let type = try reader.readUInt8("the B-tree node type")
      guard type == 0 else { throw reader.error("B-tree node type \(type) in a group (expected 0)") }
      try reader.skip(1, "the node level")
      let entries = Int(try reader.readUInt16("the entries used"))
      try reader.skip(16, "sibling addresses")
      for _ in 0..<entries {
        try reader.skip(8, "a key")
        pending.append(try reader.readIndex("a child address"))
      }
    }
    return members
  }

  /// A null-terminated string starting at `offset`, before `limit`.
  func cString(at offset: Int, limit: Int) throws -> String {
    var end = offset
    while end < min(limit, bytes.count), bytes[end] != 0 { end += 1 }
    guard end < min(limit, bytes.count) else { throw SpikelineError.byte(offset, "name is not null-terminated", file: file) }
    return String(decoding: bytes[offset..<end], as: UTF8.self)
  }
}

extension ByteReader {
  /// A little-endian 64-bit address or length as an `Int`, refusing values no file can hold.
  mutating func readIndex(_ what: String) throws -> Int {
    let start = offset
    let value = try readUInt64(what)
    guard value < UInt64(1) << 62 else { throw error("\(what) \(value) is too large for any file", at: start) }
    return Int(value)
  }
}
