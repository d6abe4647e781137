import Synchronization
import SpikelineSupport

/// A layer's weights packed for `GEMM`, as W (for x·W) and as Wᵀ (for dY·Wᵀ), each packed at its
/// first use and kept until the weights change. A training step multiplies by the same weights
/// several times (the current and the replayed batch, forward and backward; a frozen previous model
/// and generator for every step of a task); packed per product, packing took 5 % of a GR step's
/// time on one thread where the products took 57 % (README: Dense training).
///
/// `LinearLayer` replaces its instance whenever its weights change, so copies of a layer keep the
/// panels of their own weights. Filled under a lock: layers may be used from several threads.
final class PackedWeights: Sendable {
  /// W's panels, then Wᵀ's (nil until first used).
  private let panels = Mutex<[GEMM.PackedOperand?]>([nil, nil])

  init() {}

  /// W (inputs × outputs, row-major) packed as the B of x·W.
  func weights(of w: Matrix) -> GEMM.PackedOperand { packedPanels(of: w, transposed: false) }

  /// Wᵀ (outputs × inputs) packed as the B of dY·Wᵀ.
  func transposed(of w: Matrix) -> GEMM.PackedOperand { packedPanels(of: w, transposed: true) }

  private func packedPanels(of w: Matrix, transposed: Bool) -> GEMM.PackedOperand {
    panels.withLock { panels in
      let slot = transposed ? 1 : 0
      if let packed = panels[slot] { return packed }
      let packed = Self.pack(w, transposed: transposed)
      panels[slot] = packed
      return packed
    }
  }

  private static func pack(_ w: Matrix, transposed: Bool) -> GEMM.PackedOperand {
    let packed = GEMM.PackedOperand()
    w.values.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      if transposed {
        packed.pack(.transposed(base, columns: w.columns), k: w.columns, n: w.rows, threads: DeterministicParallel.threadCount)
      } else {
        packed.pack(.rowMajor(base, columns: w.columns), k: w.rows, n: w.columns, threads: DeterministicParallel.threadCount)
      }
    }
    return packed
  }
}
