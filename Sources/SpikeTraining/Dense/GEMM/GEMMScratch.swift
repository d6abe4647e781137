import Synchronization

/// Packing buffers for `GEMM`, kept between calls so that a training step allocates (and page-faults)
/// nothing in steady state. Concurrent products each take their own buffer.
enum GEMMScratch {
  private struct Buffer: @unchecked Sendable {
    var base: UnsafeMutableRawPointer
    var byteCount: Int
  }
  private static let free = Mutex<[Buffer]>([])

  /// Runs `body` with at least `count` floats of 64-byte-aligned scratch memory.
  static func with<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
    withBytes(count * 4) { raw in body(raw.bindMemory(to: Float.self, capacity: count)) }
  }

  /// Runs `body` with at least `byteCount` bytes of 64-byte-aligned scratch memory, which `body`
  /// binds to the types it stores.
  static func withBytes<R>(_ byteCount: Int, _ body: (UnsafeMutableRawPointer) -> R) -> R {
    var buffer = free.withLock { list -> Buffer? in
      guard let index = list.firstIndex(where: { $0.byteCount >= byteCount }) else { return list.popLast() }
      return list.remove(at: index)
    }
    if let small = buffer, small.byteCount < byteCount {
      small.base.deallocate()
      buffer = nil
    }
    let taken = buffer ?? Buffer(base: UnsafeMutableRawPointer.allocate(byteCount: max(64, byteCount), alignment: 64),
                                 byteCount: max(64, byteCount))
    defer { free.withLock { $0.append(taken) } }
    return body(taken.base)
  }
}
