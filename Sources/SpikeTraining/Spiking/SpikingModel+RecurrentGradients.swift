extension SpikingModel {
  /// Samples a training work unit back-propagates in lockstep, and whether the recurrent products
  /// use the transposed matrix. 16-lane builds: 4, sharing every load of Vᵀ. Default build: 1, with
  /// `addMatrixVector`, whose 4-lane products are bound by arithmetic, so sharing loads gains nothing.
  #if SPIKELINE_WIDE_VECTORS
  static let lockstepSamples = 4
  static let recurrentProductsTransposed = true
  #else
  static let lockstepSamples = 1
  static let recurrentProductsTransposed = false
  #endif

  /// Vᵀ of `layer` (n × n, then one vector of padding that the products may read) in the workspace's
  /// scratch, or nil for a layer without recurrence.
  func transposedRecurrent(_ layer: SpikingLayer, workspace w: SpikingWorkspace) -> UnsafePointer<Float>? {
    guard layer.isRecurrent else { return nil }
    let n = layer.outputs
    let transposed = w.scratch(count: Self.transposedRecurrentCount(n))
    Self.transpose(layer.recurrent, n, into: transposed)
    return UnsafePointer(transposed)
  }

  /// Floats of a transposed n × n recurrent matrix with its padding vector.
  static func transposedRecurrentCount(_ n: Int) -> Int { n * n + VectorKernels.ProductLane.scalarCount }

  /// Writes Vᵀ of the row-major n × n matrix `v` to `transposed`.
  static func transpose(_ v: [Float], _ n: Int, into transposed: UnsafeMutablePointer<Float>) {
    v.withUnsafeBufferPointer { v in
      for r in 0..<n { for k in 0..<n { transposed[k * n + r] = v[r * n + k] } }
    }
  }

  /// At step t of a layer: dS(t−1) += V·dI_t for every sample (its dI history and spike gradients),
  /// from `transposed` (Vᵀ, four samples at a time) or, without it, one `addMatrixVector` per sample.
  @inline(__always)
  func recurrentSpikeGradients(_ layer: SpikingLayer, step t: Int, history: [UnsafeMutablePointer<Float>],
                               spikeGradients: [UnsafeMutablePointer<Float>], transposed: UnsafePointer<Float>?) {
    let n = layer.outputs
    func dI(_ k: Int) -> UnsafePointer<Float> { UnsafePointer(history[k] + t * n) }
    func dS(_ k: Int) -> UnsafeMutablePointer<Float> { spikeGradients[k] + (t - 1) * n }
    if let transposed {
      var k = 0
      while k + 4 <= history.count {
        VectorKernels.addTransposedProducts4(transposed, n, .init(p0: dI(k), p1: dI(k + 1), p2: dI(k + 2), p3: dI(k + 3)),
                                             into: .init(p0: dS(k), p1: dS(k + 1), p2: dS(k + 2), p3: dS(k + 3)))
        k += 4
      }
      while k < history.count {
        VectorKernels.addTransposedProducts(transposed, n, dI(k), into: dS(k))
        k += 1
      }
      return
    }
    layer.recurrent.withUnsafeBufferPointer { weights in
      guard let base = weights.baseAddress else { return }
      for k in history.indices { VectorKernels.addMatrixVector(base, count: n, dI(k), n, into: dS(k)) }
    }
  }
}

/// What every work unit of a training batch reads of the weights in another layout, made once per
/// batch (the weights do not change within a batch) instead of once per unit or sample: Vᵀ of every
/// recurrent layer, and in 16-lane builds each feedforward matrix packed as the B operand of the
/// feedforward spike-gradient product (`feedforwardSpikeGradients`).
final class PreparedWeights: @unchecked Sendable {
  private var buffers: [FloatBuffer?] = []
  private var panels: [GEMM.PackedOperand?] = []

  /// Fills the buffers with the transposed recurrent matrices of `model` and packs its feedforward
  /// matrices (16-lane builds; others keep none).
  func refresh(from model: SpikingModel) {
    guard SpikingModel.recurrentProductsTransposed else { buffers = []; panels = []; return }
    if buffers.count != model.layers.count { buffers = [FloatBuffer?](repeating: nil, count: model.layers.count) }
    if panels.count != model.layers.count { panels = [GEMM.PackedOperand?](repeating: nil, count: model.layers.count) }
    for (l, layer) in model.layers.enumerated() {
      if l > 0 {
        let packed = panels[l] ?? GEMM.PackedOperand()
        panels[l] = packed
        layer.feedforward.withUnsafeBufferPointer { weights in
          if let base = weights.baseAddress {
            packed.pack(.transposed(base, columns: layer.outputs), k: layer.outputs, n: layer.inputs)
          }
        }
      }
      guard layer.isRecurrent else { buffers[l] = nil; continue }
      let count = SpikingModel.transposedRecurrentCount(layer.outputs)
      if (buffers[l]?.count ?? -1) != count { buffers[l] = FloatBuffer(count: count) }
      if let buffer = buffers[l] { SpikingModel.transpose(layer.recurrent, layer.outputs, into: buffer.pointer) }
    }
  }

  /// Vᵀ of layer `l`, or nil if none was made.
  func transposed(layer l: Int) -> UnsafePointer<Float>? {
    l < buffers.count ? buffers[l].map { UnsafePointer($0.pointer) } : nil
  }

  /// Layer `l`'s feedforward matrix W (inputs × outputs) packed as Wᵀ (outputs × inputs), or nil if none was made.
  func feedforwardPanels(layer l: Int) -> GEMM.PackedOperand? {
    l < panels.count ? panels[l] : nil
  }
}
