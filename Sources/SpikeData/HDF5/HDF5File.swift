import SpikelineSupport

/// A reader for the subset of HDF5 that h5py writes by default and NIR files use: superblock version
/// 0, version-1 object headers with continuation blocks, groups as symbol tables (version-1 B-trees,
/// local heaps, symbol-table nodes), datasets with version-1 or -2 dataspaces, fixed-point, float,
/// fixed-length and variable-length string types (the latter in global heaps), and compact,
/// contiguous or chunked layouts (version 3) with the deflate, shuffle and Fletcher-32 filters.
///
/// Anything outside that subset, and any damaged structure, ends in a `SpikelineError` naming the
/// file, the byte offset and what was expected; nothing traps.
public struct HDF5File: Sendable {
  /// The whole file.
  let bytes: [UInt8]
  /// The file's name for errors.
  public let file: String?
  /// Bytes of a file address (the superblock's "size of offsets").
  let offsetSize: Int
  /// Bytes of a length field (the superblock's "size of lengths").
  let lengthSize: Int
  /// Address of the root group's object header.
  let rootAddress: Int
  /// The most bytes one dataset may hold once read (guards against damaged sizes): 1 GiB.
  public var maximumDatasetBytes = 1 << 30

  /// An object in the file: a group (its members by name) or a dataset (its header's address).
  public enum Object: Sendable, Equatable {
    /// A group with its members' object header addresses, by name.
    case group([String: Int])
    /// A dataset with its object header address.
    case dataset(Int)
  }

  /// Reads the superblock.
  /// - Throws: `SpikelineError` if the file is not HDF5 or uses a superblock other than version 0.
  public init(bytes: [UInt8], file: String? = nil) throws {
    self.bytes = bytes
    self.file = file
    var reader = ByteReader(bytes: bytes, file: file)
    try reader.expect([0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A], "the HDF5 signature")
    let version = try reader.readUInt8("the superblock version")
    guard version == 0 else {
      throw reader.error("superblock version \(version) is not supported (expected 0, as h5py writes by default)", at: 8)
    }
    try reader.skip(4, "superblock versions")
    offsetSize = Int(try reader.readUInt8("the size of offsets"))
    lengthSize = Int(try reader.readUInt8("the size of lengths"))
    guard offsetSize == 8, lengthSize == 8 else {
      throw reader.error("offsets of \(offsetSize) and lengths of \(lengthSize) bytes are not supported (expected 8 and 8)", at: 13)
    }
    try reader.skip(1 + 2 + 2 + 4, "superblock fields")
    let base = try reader.readUInt64("the base address")
    guard base == 0 else { throw reader.error("base address \(base) is not supported (expected 0)", at: 24) }
    try reader.skip(8 * 3, "superblock addresses")
    // The root group's symbol table entry: link name offset, then its object header address.
    try reader.skip(8, "the root link name offset")
    rootAddress = try reader.readIndex("the root object header address")
    guard rootAddress > 0, rootAddress < bytes.count else {
      throw reader.error("root object header address \(rootAddress) lies outside the file of \(bytes.count) bytes", at: 64)
    }
  }

  /// Reads `path` from disk.
  /// - Throws: `SpikelineError` if it cannot be read or is not HDF5.
  public init(path: String) throws {
    try self.init(bytes: try readFileBytes(path), file: path)
  }

  /// The object at a slash-separated path from the root ("" or "/" is the root group).
  /// - Throws: `SpikelineError` naming the missing member or the damaged structure.
  public func object(at path: String) throws -> Object {
    var current = try object(header: rootAddress)
    var walked = ""
    for name in path.split(separator: "/").map(String.init) {
      guard case .group(let members) = current else {
        throw SpikelineError(.invalidInput, file: file, "'\(walked)' is a dataset, not a group, so it has no member '\(name)'")
      }
      guard let address = members[name] else {
        throw SpikelineError(.invalidInput, file: file, "group '/\(walked)' has no member '\(name)' (it has: \(members.keys.sorted().joined(separator: ", ")))")
      }
      walked += (walked.isEmpty ? "" : "/") + name
      current = try object(header: address)
    }
    return current
  }

  /// The dataset at `path`, converted.
  /// - Throws: `SpikelineError` if the path is missing, is a group, or the data cannot be read.
  public func value(at path: String) throws -> HDF5Value {
    guard case .dataset(let address) = try object(at: path) else {
      throw SpikelineError(.invalidInput, file: file, "'\(path)' is a group, not a dataset")
    }
    return try readDataset(header: address)
  }

  /// The object whose header starts at `address`: a group if it has a symbol table.
  func object(header address: Int) throws -> Object {
    let messages = try headerMessages(at: address)
    if let table = messages.first(where: { $0.type == 0x0011 }) {
      var reader = reader(at: table.offset)
      let tree = try reader.readIndex("the group's B-tree address")
      let heap = try reader.readIndex("the group's local heap address")
      return .group(try groupMembers(tree: tree, heap: heap))
    }
    return .dataset(address)
  }

  /// A byte reader positioned at `offset`.
  func reader(at offset: Int) -> ByteReader {
    var reader = ByteReader(bytes: bytes, file: file)
    // An offset past the end is caught by the first read, with its offset.
    try? reader.seek(to: min(max(offset, 0), bytes.count))
    return reader
  }

  func checkAddress(_ address: Int, _ what: String, at offset: Int) throws {
    guard address >= 0, address < bytes.count else {
      throw SpikelineError.byte(offset, "\(what) address \(address) lies outside the file of \(bytes.count) bytes", file: file)
    }
  }
}
