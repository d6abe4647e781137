import SpikelineSupport

extension HDF5File {
  /// How one element is stored.
  enum ElementType {
    case integer(size: Int, signed: Bool, bigEndian: Bool)
    case float(size: Int, bigEndian: Bool)
    case fixedString(size: Int)
    case variableString

    var size: Int {
      switch self {
      case .integer(let size, _, _), .float(let size, _), .fixedString(let size): return size
      case .variableString: return 16
      }
    }
  }

  /// Where a dataset's bytes are.
  enum Layout {
    case compact(offset: Int, size: Int)
    case contiguous(address: Int?, size: Int)
    case chunked(tree: Int?, chunk: [Int])
  }

  /// Reads and converts the dataset whose object header is at `address`.
  func readDataset(header address: Int) throws -> HDF5Value {
    let messages = try headerMessages(at: address)
    func message(_ type: Int, _ what: String) throws -> HeaderMessage {
      guard let found = messages.first(where: { $0.type == type }) else {
        throw SpikelineError.byte(address, "dataset header has no \(what) message", file: file)
      }
      return found
    }
    let shape = try dataspace(try message(0x0001, "dataspace"))
    let element = try datatype(at: try message(0x0003, "datatype").offset)
    let layout = try self.layout(try message(0x0008, "data layout"), rank: shape.count)
    let filters = try messages.first(where: { $0.type == 0x000B }).map(filterPipeline) ?? []
    var count = 1
    for extent in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow else { throw SpikelineError.byte(address, "dataset shape \(shape) overflows", file: file) }
      count = product
    }
    let (total, overflow) = count.multipliedReportingOverflow(by: element.size)
    guard !overflow, total <= maximumDatasetBytes else {
      throw SpikelineError.byte(address, "dataset of shape \(shape) would need more than \(maximumDatasetBytes) bytes", file: file)
    }
    let raw = try rawBytes(layout, shape: shape, elementSize: element.size, total: total, filters: filters, header: address)
    return try convert(raw, element: element, shape: shape, count: count, header: address)
  }

  func dataspace(_ message: HeaderMessage) throws -> [Int] {
    var reader = reader(at: message.offset)
    let version = try reader.readUInt8("the dataspace version")
    let rank = Int(try reader.readUInt8("the dataspace rank"))
    try reader.skip(1, "the dataspace flags")
    switch version {
    case 1: try reader.skip(5, "reserved")
    case 2:
      let type = try reader.readUInt8("the dataspace type")
      if type == 2 { return [0] }  // null dataspace: no elements
    default: throw reader.error("dataspace version \(version) is not supported (expected 1 or 2)", at: message.offset)
    }
    guard rank <= 32 else { throw reader.error("dataspace rank \(rank) exceeds HDF5's 32", at: message.offset + 1) }
    var shape: [Int] = []
    for _ in 0..<rank {
      let extent = try reader.readUInt64("a dimension size")
      guard extent < UInt64(Int.max) else { throw reader.error("dimension size \(extent) is too large") }
      shape.append(Int(extent))
    }
    return shape
  }

  func datatype(at offset: Int) throws -> ElementType {
    var reader = reader(at: offset)
    let classAndVersion = try reader.readUInt8("the datatype class")
    let bits0 = try reader.readUInt8("the datatype bit field")
    try reader.skip(2, "the datatype bit field")
    let size = Int(try reader.readUInt32("the datatype size"))
    let bigEndian = bits0 & 1 == 1
    switch classAndVersion & 0x0F {
    case 0:
      guard [1, 2, 4, 8].contains(size) else { throw reader.error("integer of \(size) bytes is not supported", at: offset) }
      return .integer(size: size, signed: bits0 & 0x08 != 0, bigEndian: bigEndian)
    case 1:
      guard size == 4 || size == 8 else { throw reader.error("float of \(size) bytes is not supported (expected 4 or 8)", at: offset) }
      return .float(size: size, bigEndian: bigEndian)
    case 3:
      guard size > 0 else { throw reader.error("fixed-length string of 0 bytes", at: offset) }
      return .fixedString(size: size)
    case 9:
      guard bits0 & 0x0F == 1 else { throw reader.error("variable-length sequences are not supported (only variable-length strings)", at: offset) }
      return .variableString
    default:
      throw reader.error("datatype class \(classAndVersion & 0x0F) is not supported (expected integer, float or string)", at: offset)
    }
  }

  func layout(_ message: HeaderMessage, rank: Int) throws -> Layout {
    var reader = reader(at: message.offset)
    let version = try reader.readUInt8("the layout version")
    guard version == 3 else { throw reader.error("data layout version \(version) is not supported (expected 3)", at: message.offset) }
    let kind = try reader.readUInt8("the layout class")
    let undefined = UInt64.max
    switch kind {
    case 0:
      let size = Int(try reader.readUInt16("the compact data size"))
      return .compact(offset: reader.offset, size: size)
    case 1:
      let address = try reader.readUInt64("the contiguous data address")
      let size = try reader.readIndex("the contiguous data size")
      guard address == undefined || address < UInt64(bytes.count) else {
        throw reader.error("contiguous data address \(address) lies outside the file of \(bytes.count) bytes")
      }
      return .contiguous(address: address == undefined ? nil : Int(address), size: size)
    case 2:
      let dimensions = Int(try reader.readUInt8("the chunk rank"))
      guard dimensions == rank + 1 else { throw reader.error("chunk rank \(dimensions - 1) does not match the dataspace rank \(rank)") }
      let tree = try reader.readUInt64("the chunk B-tree address")
      guard tree == undefined || tree < UInt64(bytes.count) else {
        throw reader.error("chunk B-tree address \(tree) lies outside the file of \(bytes.count) bytes")
      }
      var chunk: [Int] = []
      for _ in 0..<dimensions { chunk.append(Int(try reader.readUInt32("a chunk dimension"))) }
      guard chunk.dropLast().allSatisfy({ $0 > 0 }) else { throw reader.error("chunk dimensions \(chunk) must be positive") }
      return .chunked(tree: tree == undefined ? nil : Int(tree), chunk: Array(chunk.dropLast()))
    default:
      throw reader.error("layout class \(kind) is not supported (expected compact, contiguous or chunked)", at: message.offset + 1)
    }
  }

  /// The filter identifiers with their client data, in the order they were applied on write.
  func filterPipeline(_ message: HeaderMessage) throws -> [(id: Int, data: [UInt32])] {
    var reader = reader(at: message.offset)
    let version = try reader.readUInt8("the filter pipeline version")
    let count = Int(try reader.readUInt8("the number of filters"))
    guard version == 1 || version == 2 else { throw reader.error("filter pipeline version \(version) is not supported", at: message.offset) }
    if version == 1 { try reader.skip(6, "reserved") }
    var filters: [(Int, [UInt32])] = []
    for _ in 0..<count {
      let id = Int(try reader.readUInt16("a filter identifier"))
      let nameLength = version == 1 || id >= 256 ? Int(try reader.readUInt16("a filter name length")) : 0
      try reader.skip(2, "the filter flags")
      let values = Int(try reader.readUInt16("the number of filter values"))
      try reader.skip(version == 1 ? (nameLength + 7) / 8 * 8 : nameLength, "the filter name")
      var data: [UInt32] = []
      for _ in 0..<values { data.append(try reader.readUInt32("a filter value")) }
      if version == 1 && values % 2 == 1 { try reader.skip(4, "padding") }
      guard [1, 2, 3].contains(id) else {
        throw reader.error("filter \(id) is not supported (expected deflate 1, shuffle 2 or Fletcher-32 3)", at: message.offset)
      }
      filters.append((id, data))
    }
    return filters
  }
}
