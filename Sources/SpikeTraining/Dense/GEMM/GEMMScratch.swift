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
    // The smallest free buffer that is large enough (so that a small request does not take the
    // buffer a large one needs next), else the largest, to be replaced.
    var buffer = free.withLock { list -> Buffer? in
      var best: Int?
      for index in list.indices where list[index].byteCount >= byteCount {
        if best.map({ list[index].byteCount < list[$0].byteCount }) ?? true { best = index }
      }
      if let best { return list.remove(at: best) }
      guard let largest = list.indices.max(by: { list[$0].byteCount < list[$1].byteCount }) else { return nil }
      return list.remove(at: largest)
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
