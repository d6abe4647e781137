import Synchronization

/// Packing buffers for `GEMM`, kept between calls so that a training step allocates (and page-faults)
/// nothing in steady state. Concurrent products each take their own buffer.
enum GEMMScratch {
  private struct Buffer: @unchecked Sendable {
    var base: UnsafeMutablePointer<Float>
    var count: Int
  }
  private static let free = Mutex<[Buffer]>([])

  /// Runs `body` with at least `count` floats of 64-byte-aligned scratch memory.
  static func with<R>(count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
    var buffer = free.withLock { list -> Buffer? in
      guard let index = list.firstIndex(where: { $0.count >= count }) else { return list.popLast() }
      return list.remove(at: index)
    }
    if let small = buffer, small.count < count {
      UnsafeMutableRawPointer(small.base).deallocate()
      buffer = nil
    }
    let taken = buffer ?? Buffer(
      base: UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64).bindMemory(to: Float.self, capacity: count), count: count)
    defer { free.withLock { $0.append(taken) } }
    return body(taken.base)
  }
}

