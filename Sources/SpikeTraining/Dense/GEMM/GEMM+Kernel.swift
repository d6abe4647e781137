import CSpikelineKernels

extension GEMM {
  /// Which micro-kernel computes the tiles of C. All of them perform the same operations in the same
  /// order (per element of a tile: products rounded, then added, step by step from zero), so they give
  /// the same bits; they differ in how many columns one instruction covers, and so in the width of the
  /// packed panels of B.
  ///
  /// A Swift build compiles for one instruction set (4-lane SSE2 on baseline x86-64), so the wider
  /// kernels are C functions compiled with function-level target attributes (`CSpikelineKernels`) and
  /// chosen at run time from what the CPU and the operating system support. Builds that opt into a
  /// CPU-specific target (`SPIKELINE_WIDE_VECTORS`, `SPIKELINE_FMA`; see README) keep their own Swift
  /// kernel, which is compiled for that CPU already.
  public enum Kernel: String, Sendable, CaseIterable, CustomStringConvertible {
    /// The Swift micro-kernel on `GEMM.Lane`: this build's own instruction set.
    case portable
    /// 8-lane AVX2 vectors, without fused multiply-add (C, dispatched at run time).
    case avx2
    /// 16-lane AVX-512F vectors, without fused multiply-add (C, dispatched at run time).
    case avx512

    /// Columns of C one call computes: two vectors.
    public var columnsPerTile: Int {
      switch self {
      case .portable: return 2 * Lane.scalarCount
      case .avx2: return 16
      case .avx512: return 32
      }
    }

    /// The widest `columnsPerTile` of any kernel.
    static let maximumColumnsPerTile = 32

    /// Floats per vector register the kernel uses.
    public var lanes: Int { columnsPerTile / 2 }

    /// Whether this CPU and operating system can run the kernel.
    public var isSupported: Bool {
      switch self {
      case .portable: return true
      case .avx2: return Self.vectorLevel >= 1
      case .avx512: return Self.vectorLevel >= 2
      }
    }

    public var description: String {
      switch self {
      case .portable: return "Swift, \(GEMM.instructionSet.name)"
      case .avx2: return "AVX2 (8 lanes, no FMA; dispatched at run time)"
      case .avx512: return "AVX-512F (16 lanes, no FMA; dispatched at run time)"
      }
    }

    /// What `spikeline_vector_level()` reported: 0 none, 1 AVX2, 2 AVX-512F.
    static let vectorLevel = Int(spikeline_vector_level())

    /// The widest supported kernel — AVX2 rather than AVX-512F on AMD's Zen 4, which splits 512-bit
    /// operations in two (on a Zen 4 VM, 81.7 against 78.1 GFLOP/s in `spikeline bench gemm`) — or the
    /// portable one in builds that opt into a CPU-specific target (`spikeline_selected_level`, which
    /// also decides whether spiking training's and chip time's AVX2 kernels run).
    /// `SPIKELINE_KERNELS=portable|avx2|avx512` picks another supported one (to measure what the
    /// dispatch gives; an unsupported or unknown name leaves the choice as it is).
    public static let active: Kernel = {
      #if SPIKELINE_WIDE_VECTORS || SPIKELINE_FMA
      return .portable
      #else
      switch spikeline_selected_level() {
      case 2: return .avx512
      case 1: return .avx2
      default: return .portable
      }
      #endif
    }()

    /// C[6 × columnsPerTile] += sliver · panel, with C's rows `ldc` floats apart.
    @inline(__always)
    func tile(_ sliver: PackedSliver, _ b: UnsafePointer<Float>, addingTo c: UnsafeMutablePointer<Float>, ldc: Int) {
      switch self {
      case .portable: GEMM.microKernel(sliver, b, addingTo: c, ldc: ldc)
      case .avx2: spikeline_gemm_tile_6x16_avx2(sliver.count, sliver.nonZeroSteps, sliver.values, b, c, ldc)
      case .avx512: spikeline_gemm_tile_6x32_avx512(sliver.count, sliver.nonZeroSteps, sliver.values, b, c, ldc)
      }
    }
  }
}
