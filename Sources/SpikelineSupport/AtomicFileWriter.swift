import Foundation

/// Writes a file so that readers see either the old file or the complete new one, never a part:
/// the bytes go to a temporary file in the same directory, which is renamed over the target
/// only after everything has been written and flushed.
public final class AtomicFileWriter {
  /// The file that will exist after `commit()`.
  public let path: String
  private let temporaryPath: String
  private var handle: UnsafeMutablePointer<FILE>?
  private var committed = false

  /// Opens a temporary file next to `path`.
  /// - Throws: `SpikelineError` (kind `.io`) naming the directory if it cannot be written.
  public init(path: String) throws {
    self.path = path
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
      throw SpikelineError(.io, file: path, "directory '\(directory)' does not exist")
    }
    temporaryPath = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    guard let opened = fopen(temporaryPath, "wb") else {
      throw SpikelineError(.io, file: path, "cannot create a temporary file in '\(directory)': \(String(cString: strerror(errno)))")
    }
    handle = opened
  }

  /// Appends bytes.
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard let handle else { throw SpikelineError(.io, file: path, "write after close") }
    if bytes.isEmpty { return }
    if fwrite(bytes.baseAddress, 1, bytes.count, handle) != bytes.count {
      throw SpikelineError(.io, file: path, "write failed: \(String(cString: strerror(errno)))")
    }
  }

  /// Appends bytes.
  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }

  /// Appends the UTF-8 of a string.
  public func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
  }

  /// Flushes, closes and renames the temporary file onto `path`.
  public func commit() throws {
    guard let handle else { throw SpikelineError(.io, file: path, "commit after close") }
    self.handle = nil
    let flushed = fflush(handle) == 0 && fsync(fileno(handle)) == 0
    let closed = fclose(handle) == 0
    guard flushed && closed else {
      unlink(temporaryPath)
      throw SpikelineError(.io, file: path, "could not flush the file: \(String(cString: strerror(errno)))")
    }
    if rename(temporaryPath, path) != 0 {
      let reason = String(cString: strerror(errno))
      unlink(temporaryPath)
      throw SpikelineError(.io, file: path, "could not move the finished file into place: \(reason)")
    }
    committed = true
    removeStaleTemporaries()
  }

  /// Removes temporaries of the same target left by writers that were killed mid-write (their
  /// process no longer exists); a concurrent writer's temporary is left alone.
  func removeStaleTemporaries() {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    let prefix = "." + url.lastPathComponent + ".tmp-"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
    for name in names where name.hasPrefix(prefix) {
      guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid != getpid() else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
    }
  }

  /// Abandons the write: the temporary file is removed and `path` is left untouched.
  public func abandon() {
    if let handle { fclose(handle); self.handle = nil }
    if !committed { unlink(temporaryPath) }
  }

  deinit { if !committed { abandon() } }
}

extension AtomicFileWriter {
  /// Writes `bytes` to `path` atomically.
  public static func write(_ bytes: [UInt8], to path: String) throws {
    let writer = try AtomicFileWriter(path: path)
    do {
      try writer.write(bytes)
      try writer.commit()
    } catch {
      writer.abandon()
      throw error
    }
  }

  /// Writes `text` as UTF-8 to `path` atomically.
  public static func write(_ text: String, to path: String) throws {
    try write(Array(text.utf8), to: path)
  }
}

/// Reads a whole file, with an error naming the file when it cannot.
public func readFileBytes(_ path: String) throws -> [UInt8] {
  guard let data = FileManager.default.contents(atPath: path) else {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      throw SpikelineError(.io, file: path, isDirectory.boolValue ? "is a directory, expected a file" : "cannot be read (permission?)")
    }
    throw SpikelineError(.io, file: path, "no such file")
  }
  return [UInt8](data)
}

/// Creates a directory (and its parents) if needed, with a clear error otherwise.
public func ensureDirectory(_ path: String) throws {
  var isDirectory: ObjCBool = false
  if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
    if !isDirectory.boolValue { throw SpikelineError(.io, file: path, "exists and is not a directory") }
    return
  }
  do {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  } catch {
    throw SpikelineError(.io, file: path, "cannot create directory: \(error.localizedDescription)")
  }
}
