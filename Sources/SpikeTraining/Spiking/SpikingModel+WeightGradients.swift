import SpikeData

extension SpikingModel {
  /// The weight gradients of layer `l` for every sample of a lockstep group, once the layer's loop has
  /// left dI_t of every step in each workspace's `currentGradients`: dW[i] += s_in(t−1)[i]·dI_t and
  /// dV[i] += s(t−1)[i]·dI_t for every input or own neuron i active at t − 1, t from the last step
  /// down to 1, sample after sample.
  ///
  /// Row by row (`ActiveSteps`, one per workspace): each gradient element receives the same products in
  /// the same order as sample by sample and step by step (sample order, step t descending), so the
  /// sums are bit-identical, but a gradient row stays in registers across all its steps and all the
  /// group's samples instead of being loaded and stored once per active step.
  @inline(__always)
  func weightGradients(_ layer: SpikingLayer, index l: Int, _ inputs: [BinnedSample], workspaces: [SpikingWorkspace],
                       gradient: UnsafeMutablePointer<Float>, layout: Layout, counter: inout OperationCount) {
    let n = layer.outputs
    // The recurrent weights first: their lists (layer l's own activity) are what the feedforward
    // weights of layer l + 1 listed just before, so they are kept rather than made again. dV and dW are
    // separate elements, so their order does not change any sum.
    if layer.isRecurrent {
      for w in workspaces { listActivity(of: l, in: w) }
      addOuterProducts(workspaces, into: gradient + layout.recurrent[l], n, counter: &counter)
    }
    for (sample, w) in workspaces.enumerated() {
      if l == 0 {
        let input = inputs[sample], steps = w.steps
        w.activeSteps.fill(inputs: layer.inputs, steps: steps, total: Int(input.stepStart[max(steps - 1, 0)]), listing: nil) { t, visit in
          for e in input.active(at: t) { visit(Int(input.activeChannels[e]), Float(input.counts[e])) }
        }
      } else {
        listActivity(of: l - 1, in: w)
      }
    }
    addOuterProducts(workspaces, into: gradient + layout.feedforward[l], n, counter: &counter)
  }

  /// Lists layer `l`'s spikes (steps 0 ..< T − 1) by neuron in `w.activeSteps`, unless it lists them already.
  @inline(__always)
  func listActivity(of l: Int, in w: SpikingWorkspace) {
    guard w.activeSteps.listing != l else { return }
    let size = w.sizes[l], steps = w.steps
    let active = w.active[l], spikes = w.spikes[l].pointer
    w.activeSteps.fill(inputs: size, steps: steps, total: Int(active.start[max(steps - 1, 0)]), listing: l) { t, visit in
      for e in active.range(at: t) {
        let i = Int(active.index[e])
        visit(i, spikes[t * size + i])
      }
    }
  }

  /// Row i of `matrix` (width n) += Σ scale·dI_t over input i's entries in each workspace's
  /// `activeSteps` (against its own dI history), workspace after workspace, latest step first.
  @inline(__always)
  func addOuterProducts(_ workspaces: [SpikingWorkspace], into matrix: UnsafeMutablePointer<Float>, _ n: Int,
                        counter: inout OperationCount) {
    guard let inputs = workspaces.first?.activeSteps.inputs else { return }
    // Each workspace's lists and dI history as pointers, so the row loop touches no class.
    let starts = workspaces.map { UnsafePointer($0.activeSteps.start) }
    let steps = workspaces.map { UnsafePointer($0.activeSteps.current) }
    let scales = workspaces.map { UnsafePointer($0.activeSteps.scale) }
    let histories = workspaces.map { UnsafePointer($0.currentGradients.pointer) }
    let samples = workspaces.count
    var accumulates = 0
    withUnsafeTemporaryAllocation(of: VectorKernels.ScaledRows.self, capacity: samples) { parts in
      guard let base = parts.baseAddress else { return }
      for i in 0..<inputs {
        var used = 0
        for k in 0..<samples {
          let first = Int(starts[k][i]), end = Int(starts[k][i + 1])
          guard first < end else { continue }
          base[used] = VectorKernels.ScaledRows(rows: histories[k], indices: steps[k] + first, scales: scales[k] + first, count: end - first)
          used += 1
          accumulates += end - first
        }
        if used > 0 { VectorKernels.addScaledRows(UnsafeBufferPointer(start: base, count: used), into: matrix + i * n, n) }
      }
    }
    counter.backwardAccumulates += accumulates * n
  }
}
