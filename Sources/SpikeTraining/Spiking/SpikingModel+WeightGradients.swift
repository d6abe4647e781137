import SpikeData

extension SpikingModel {
  /// The weight gradients of layer `l` once its loop has left dI_t of every step in
  /// `w.currentGradients`: dW[i] += s_in(t−1)[i]·dI_t and dV[i] += s(t−1)[i]·dI_t for every input or
  /// own neuron i active at t − 1, t from the last step down to 1.
  ///
  /// Row by row (`ActiveSteps`): each gradient element receives the same products in the same order
  /// as step by step (step t descending), so the sums are bit-identical, but each row stays in
  /// registers across all its steps instead of being loaded and stored once per active step.
  @inline(__always)
  func weightGradients(_ layer: SpikingLayer, index l: Int, _ input: BinnedSample, workspace w: SpikingWorkspace,
                       gradient: UnsafeMutablePointer<Float>, layout: Layout, counter: inout OperationCount) {
    let n = layer.outputs, steps = w.steps
    let history = UnsafePointer(w.currentGradients.pointer)
    let rows = w.activeSteps
    if l == 0 {
      rows.fill(inputs: layer.inputs, steps: steps, total: Int(input.stepStart[max(steps - 1, 0)])) { t, visit in
        for k in input.active(at: t) { visit(Int(input.activeChannels[k]), Float(input.counts[k])) }
      }
    } else {
      let below = w.sizes[l - 1]
      let active = w.active[l - 1], spikes = w.spikes[l - 1].pointer
      rows.fill(inputs: below, steps: steps, total: Int(active.start[max(steps - 1, 0)])) { t, visit in
        for k in active.range(at: t) {
          let i = Int(active.index[k])
          visit(i, spikes[t * below + i])
        }
      }
    }
    addOuterProducts(rows, history: history, into: gradient + layout.feedforward[l], n, counter: &counter)
    guard layer.isRecurrent else { return }
    let own = w.active[l], spikes = w.spikes[l].pointer
    rows.fill(inputs: n, steps: steps, total: Int(own.start[max(steps - 1, 0)])) { t, visit in
      for k in own.range(at: t) {
        let i = Int(own.index[k])
        visit(i, spikes[t * n + i])
      }
    }
    addOuterProducts(rows, history: history, into: gradient + layout.recurrent[l], n, counter: &counter)
  }

  /// Row i of `matrix` (width n) += Σ scale·dI_t over input i's entries in `rows`, latest step first.
  @inline(__always)
  func addOuterProducts(_ rows: ActiveSteps, history: UnsafePointer<Float>, into matrix: UnsafeMutablePointer<Float>, _ n: Int,
                        counter: inout OperationCount) {
    for i in 0..<rows.inputs {
      let entries = rows.range(of: i)
      guard !entries.isEmpty else { continue }
      VectorKernels.addScaledRows(history, indices: rows.current + entries.lowerBound, scales: rows.scale + entries.lowerBound,
                                  count: entries.count, into: matrix + i * n, n)
      counter.backwardAccumulates += entries.count * n
    }
  }
}
