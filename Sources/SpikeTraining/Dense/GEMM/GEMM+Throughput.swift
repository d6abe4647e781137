import Foundation

extension GEMM {
  /// The instruction set this build's kernels were compiled for, as chosen by the opt-in build
  /// settings (see README, "CPU-specific builds"), and its vector lanes.
  public static var instructionSet: (name: String, lanes: Int, fusedMultiplyAdd: Bool) {
    #if SPIKELINE_WIDE_VECTORS && SPIKELINE_FMA
    return ("AVX-512 + FMA (opt-in)", 16, true)
    #elseif SPIKELINE_WIDE_VECTORS
    return ("512-bit vectors (opt-in)", 16, false)
    #elseif SPIKELINE_FMA
    return ("AVX2 + FMA (opt-in)", 8, true)
    #elseif arch(x86_64)
    return ("baseline x86-64 (SSE2, no FMA)", 4, false)
    #else
    return ("baseline (128-bit vectors)", 4, false)
    #endif
  }

  /// Floating-point operations per second of `kernel` alone on data already in L1 cache (one thread,
  /// about `seconds` of work): the ceiling of any product that uses it.
  public static func microKernelThroughput(seconds: Double = 0.3, kernel: Kernel = .active) -> Double {
    let depth = 64, nr = kernel.columnsPerTile
    let a = UnsafeMutablePointer<Float>.allocate(capacity: rowsPerTile * depth)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: nr * depth)
    let c = UnsafeMutablePointer<Float>.allocate(capacity: rowsPerTile * nr)
    defer { a.deallocate(); b.deallocate(); c.deallocate() }
    for i in 0..<(rowsPerTile * depth) { a[i] = Float(i % 7) * 0.125 }
    for i in 0..<(nr * depth) { b[i] = Float(i % 5) * 0.25 }
    c.initialize(repeating: 0, count: rowsPerTile * nr)
    var calls = 0
    let start = Date()
    var elapsed = 0.0
    repeat {
      let sliver = PackedSliver(values: UnsafePointer(a), count: depth, nonZeroSteps: nil)
      for _ in 0..<1000 { kernel.tile(sliver, b, addingTo: c, ldc: nr) }
      calls += 1000
      elapsed = Date().timeIntervalSince(start)
    } while elapsed < seconds
    // Keep the result observable so that the loop is not optimised away.
    if c[0].isNaN { print("") }
    return Double(calls) * Double(2 * rowsPerTile * nr * depth) / elapsed
  }
}
