import SpikeCore
import SpikeData

extension SpikingModel {
  /// Back-propagates d loss / d scores through time into `gradient` (flat, layout order), for
  /// layers `lowest...` only (lower layers are frozen and get no gradient).
  ///
  /// Per layer, from the last step down: g_t = dS_t·σ′(U_t − θ) + β·g_{t+1}·(1 − s_t) (reset to zero;
  /// ·1 for subtraction; the reset is detached), dI_t = g_t + α·dI_{t+1}, dS(t−1) += V·dI_t; then, for
  /// all steps, dW += s_in(t−1) ⊗ dI_t, dV += s(t−1) ⊗ dI_t and dS_in(t−1) += W·dI_t.
  /// - Parameter spikeGradientOffsets: a constant added to d loss / d spike of every step and neuron
  ///   of each layer (the rate penalty's gradient), or nil.
  func backward(_ input: BinnedSample, workspace w: SpikingWorkspace, scoreGradient: [Float],
                gradient: UnsafeMutablePointer<Float>, layout: Layout, lowest: Int, smooth: Bool = false,
                spikeGradientOffsets: [Float]? = nil, counter: inout OperationCount) {
    backward([input], workspaces: [w], scoreGradients: [scoreGradient], gradient: gradient, layout: layout, lowest: lowest,
             spikeGradientOffsets: [spikeGradientOffsets], counter: &counter)
  }

  /// `backward` for several samples at once, in lockstep through time, one workspace each. Every
  /// gradient element receives the same additions in the same order as one sample after the other
  /// (sample order, then step descending), so the result does not depend on how samples are grouped.
  /// - Parameter transposes: the weights prepared for this batch (`PreparedWeights`; nil: made here, per layer).
  func backward(_ inputs: [BinnedSample], workspaces: [SpikingWorkspace], scoreGradients: [[Float]],
                gradient: UnsafeMutablePointer<Float>, layout: Layout, lowest: Int,
                spikeGradientOffsets: [[Float]?], transposes: PreparedWeights? = nil, counter: inout OperationCount) {
    for (k, w) in workspaces.enumerated() {
      w.activeSteps.forget()
      seedGradients(workspace: w, scoreGradient: scoreGradients[k], lowest: lowest, spikeGradientOffsets: spikeGradientOffsets[k])
    }
    for l in stride(from: layers.count - 1, through: lowest, by: -1) {
      backwardThroughTime(layer: l, workspaces: workspaces, layout: layout, transposes: transposes, counter: &counter)
      let decayOffset = layout.membraneDecay[l]
      // dβ, the weights and the spike gradients of the layer below are separate elements, so taking
      // each for all samples in turn keeps every element's order (sample order) of the per-sample loop.
      if decayOffset >= 0 {
        for w in workspaces {
          for t in stride(from: w.steps - 1, through: 1, by: -1) { gradient[decayOffset] += w.decayGradients[t] }
        }
      }
      weightGradients(layers[l], index: l, inputs, workspaces: workspaces, gradient: gradient, layout: layout, counter: &counter)
      let panels = transposes?.feedforwardPanels(layer: l)
      for w in workspaces { feedforwardSpikeGradients(layer: l, workspace: w, lowest: lowest, panels: panels, counter: &counter) }
    }
  }

  /// Clears d loss / d spike of the layers that get gradients, adds the rate penalty's offsets, and
  /// seeds the readout: dU for a non-spiking readout, dS for spike counts.
  @inline(__always)
  func seedGradients(workspace w: SpikingWorkspace, scoreGradient: [Float], lowest: Int, spikeGradientOffsets: [Float]?) {
    let steps = w.steps
    let top = layers.count - 1
    for l in max(lowest - 1, 0)...top { w.spikeGradient[l].zero() }
    if let offsets = spikeGradientOffsets {
      for l in max(lowest, 0)..<top where offsets[l] != 0 {
        w.spikeGradient[l].pointer.update(repeating: offsets[l], count: steps * layers[l].outputs)
      }
    }
    let outputs = layers[top].outputs
    let seed = w.spikeGradient[top]
    switch architecture.readout {
    case .maxMembrane: for c in 0..<outputs { seed[w.argmaxStep[c] * outputs + c] += scoreGradient[c] }
    case .meanMembrane: for t in 0..<steps { for c in 0..<outputs { seed[t * outputs + c] += scoreGradient[c] / Float(steps) } }
    case .spikeCount: for t in 0..<steps { for c in 0..<outputs { seed[t * outputs + c] += scoreGradient[c] } }
    }
  }

  /// Layer `l` from the last step down, all workspaces' samples in lockstep: per step, g_t and dI_t
  /// (kept in `currentGradients` for the weight gradients), dβ's term (kept in `decayGradients`) and
  /// the recurrent spike gradient dS(t−1) += V·dI_t, which step t − 1 of the same layer needs.
  @inline(__always)
  func backwardThroughTime(layer l: Int, workspaces: [SpikingWorkspace], layout: Layout, transposes: PreparedWeights?,
                           counter: inout OperationCount) {
    let layer = layers[l]
    let n = layer.outputs
    let steps = workspaces[0].steps
    var gs = workspaces.map(\.g.pointer), gNexts = workspaces.map(\.gNext.pointer)
    for w in workspaces {
      VectorKernels.zero(w.gNext.pointer, n)
      VectorKernels.zero(w.currentGradients.pointer + steps * n, n)
    }
    let learnsDecay = layout.membraneDecay[l] >= 0
    let transposed = Self.recurrentProductsTransposed
      ? transposes?.transposed(layer: l) ?? transposedRecurrent(layer, workspace: workspaces[0]) : nil
    // Each sample's buffers for this layer, fetched once rather than once per step.
    let potentials = workspaces.map { $0.potentials[l].pointer }, spikeGradients = workspaces.map { $0.spikeGradient[l].pointer }
    let histories = workspaces.map(\.currentGradients.pointer), decays = workspaces.map(\.decayGradients.pointer)
    for t in stride(from: steps - 1, through: 0, by: -1) {
      for k in workspaces.indices {
        currentGradients(layer, step: t, potentials: potentials[k], spikeGradients: spikeGradients[k], history: histories[k],
                         decay: decays[k], g: gs[k], gNext: gNexts[k], learnsDecay: learnsDecay)
        counter.backwardMACs += 3 * n
      }
      if t > 0 && layer.isRecurrent {
        recurrentSpikeGradients(layer, step: t, history: histories, spikeGradients: spikeGradients, transposed: transposed)
        counter.backwardMACs += workspaces.count * n * n
      }
      swap(&gs, &gNexts)
    }
  }

  /// Step t of a layer for one sample (its potentials, spike gradients, dI history and dβ terms): g_t
  /// and dI_t, and dβ's term Σ g_t · V_{t−1} when β is learned.
  @inline(__always)
  func currentGradients(_ layer: SpikingLayer, step t: Int, potentials u: UnsafeMutablePointer<Float>,
                        spikeGradients dS: UnsafeMutablePointer<Float>, history: UnsafeMutablePointer<Float>,
                        decay: UnsafeMutablePointer<Float>, g: UnsafeMutablePointer<Float>, gNext: UnsafeMutablePointer<Float>,
                        learnsDecay: Bool) {
    let n = layer.outputs
    let beta = layer.membraneDecay, alpha = layer.synapticDecay, theta = layer.threshold
    let zeroReset = layer.resetMode == .toPotential
    let surrogate = architecture.surrogate
    let ut = u + t * n, dSt = dS + t * n
    let dJ = history + t * n, dJNext = dJ + n
    // Eight neurons at a time, then the rest one by one (the same operations per neuron).
    let vBeta = SIMD8<Float>(repeating: beta), vAlpha = SIMD8<Float>(repeating: alpha), vTheta = SIMD8<Float>(repeating: theta)
    var first = 0
    while first &+ 8 <= n {
      func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p + first).loadUnaligned(as: SIMD8<Float>.self) }
      var next = vBeta * load(gNext)
      let gradient: SIMD8<Float>
      if layer.isSpiking {
        let potential = load(ut)
        if zeroReset { next.replace(with: 0, where: potential .>= vTheta) }
        gradient = load(dSt) * surrogate.derivative(potential - vTheta) + next
      } else {
        gradient = load(dSt) + next
      }
      UnsafeMutableRawPointer(g + first).storeBytes(of: gradient, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(dJ + first).storeBytes(of: gradient + vAlpha * load(dJNext), as: SIMD8<Float>.self)
      first &+= 8
    }
    for k in first..<n {
      let next = beta * gNext[k]
      if layer.isSpiking {
        let fired = ut[k] >= theta
        g[k] = dSt[k] * surrogate.derivative(ut[k] - theta) + (zeroReset && fired ? 0 : next)
      } else {
        g[k] = dSt[k] + next
      }
      dJ[k] = g[k] + alpha * dJNext[k]
    }
    if learnsDecay && t > 0 {
      // dβ += Σ g_t · V_{t−1}, with V_{t−1} the post-reset potential.
      let previous = u + (t - 1) * n
      var sum: Float = 0
      for k in 0..<n {
        let fired = layer.isSpiking && previous[k] >= theta
        let post = fired ? (zeroReset ? 0 : previous[k] - theta) : previous[k]
        sum += g[k] * post
      }
      decay[t] = sum
    }
  }

  /// dS_in(t−1) += W·dI_t for every step once layer `l`'s pass has left every dI_t: nothing reads
  /// dS_in before the layer below is back-propagated, and each element gets the same one addition as
  /// step by step.
  @inline(__always)
  /// - Parameter panels: W packed as `GEMM`'s B operand for these weights (16-lane builds; nil: packed here).
  func feedforwardSpikeGradients(layer l: Int, workspace w: SpikingWorkspace, lowest: Int, panels: GEMM.PackedOperand? = nil,
                                 counter: inout OperationCount) {
    guard l > 0 && l > lowest else { return }
    let layer = layers[l]
    let n = layer.outputs, below = w.sizes[l - 1]
    let history = w.currentGradients.pointer
    layer.feedforward.withUnsafeBufferPointer { weights in
      guard let base = weights.baseAddress else { return }
      #if SPIKELINE_WIDE_VECTORS
      // 16-lane builds: as one matrix product, dS_in[0..<T−1] += dI[1..<T]·Wᵀ, by GEMM (its own
      // summation order: other last bits than the default build, the same for any thread count).
      let dI = GEMM.Operand.rowMajor(UnsafePointer(history + n), columns: n)
      if let panels, panels.rows == n, panels.columns == below {
        GEMM.multiply(m: w.steps - 1, dI, panels, into: w.spikeGradient[l - 1].pointer, ldc: below, accumulate: true, threads: 1)
      } else {
        GEMM.multiply(m: w.steps - 1, n: below, k: n, dI, .transposed(base, columns: n),
                      into: w.spikeGradient[l - 1].pointer, ldc: below, accumulate: true, threads: 1)
      }
      #else
      VectorKernels.addMatrixVectors(base, count: below, history + n, stride: n, n, vectors: w.steps - 1,
                                     into: w.spikeGradient[l - 1].pointer, stride: below)
      #endif
    }
    counter.backwardMACs += (w.steps - 1) * below * n
  }
}
