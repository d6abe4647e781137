import SpikeCore
import SpikeData

extension SpikingModel {
  /// Runs one sample through every layer for `workspace.steps` steps and returns the class scores.
  ///
  /// Step t of layer l: I ← α·I, then the rows of W for each input active at t − 1 (each repeated
  /// by its count) and the rows of V for each own spike at t − 1 are added in index order, then
  /// U = β·V + I via `ChipCoefficients.Vector.integrate`, spike if U ≥ θ, reset. This is the
  /// simulator's tick operation for operation, so an exported model reproduces it exactly.
  /// - Parameter smooth: gradient-check mode: spikes are the surrogate's smooth primitive of U − θ
  ///   (reset still uses the hard spike, as the backward pass treats it as constant).
  func forward(_ input: BinnedSample, workspace w: SpikingWorkspace, smooth: Bool = false, counter: inout OperationCount) -> [Float] {
    let steps = w.steps
    for l in layers.indices {
      w.current[l].zero()
      w.membrane[l].zero()
    }
    var feedforwardRows = w.feedforwardRows, recurrentRows = w.recurrentRows
    w.feedforwardRows = []; w.recurrentRows = []
    defer { w.feedforwardRows = feedforwardRows; w.recurrentRows = recurrentRows }
    // Layer by layer through all steps: step t of layer l reads only step t − 1 of layers l − 1 and l,
    // so this does the same operations as step by step, with each layer's weights fetched once.
    let packedLanes = ActiveNeurons.packedLanesPointer, laneCounts = ActiveNeurons.laneCountsPointer
    for l in layers.indices {
      let layer = layers[l]
      let n = layer.outputs
      let j = w.current[l].pointer, v = w.membrane[l].pointer
      let coefficients = layer.coefficients
      let own = w.active[l], below = l > 0 ? w.active[l - 1] : nil
      let targets = IntegrationTargets(potentials: w.potentials[l].pointer, spikes: w.spikes[l].pointer, active: own,
                                       packedLanes: packedLanes, laneCounts: laneCounts)
      for t in 0..<steps {
        if smooth {
          VectorKernels.scale(j, by: layer.synapticDecay, n)
          if t > 0 { addInputsSmooth(layer: l, step: t, input, into: j, w, counter: &counter) }
        } else {
          // I ← α·I plus the rows of the inputs and own spikes active at t − 1, in index order, in one pass.
          var rowCounts = (feedforward: 0, recurrent: 0)
          if t > 0 {
            rowCounts = collectRows(layer, step: t, input, below: below, own: own, feedforward: &feedforwardRows, recurrent: &recurrentRows)
            counter.forwardSynapticOps += (rowCounts.feedforward + rowCounts.recurrent) * n
          }
          layer.feedforward.withUnsafeBufferPointer { ff in
            layer.recurrent.withUnsafeBufferPointer { rec in
              feedforwardRows.withUnsafeBufferPointer { ffRows in
                recurrentRows.withUnsafeBufferPointer { recRows in
                  VectorKernels.scaleThenAdd(ff.baseAddress, rows: UnsafeBufferPointer(rebasing: ffRows[..<rowCounts.feedforward]),
                                             then: rec.baseAddress, rows: UnsafeBufferPointer(rebasing: recRows[..<rowCounts.recurrent]),
                                             into: j, scale: layer.synapticDecay, n)
                }
              }
            }
          }
        }
        integrate(layer, coefficients, step: t, j: j, v: v, into: targets, smooth: smooth)
        counter.neuronUpdates += n
      }
    }
    counter.samples += 1
    counter.timesteps += steps
    return scores(w)
  }

  /// The weight rows `layer` adds at step `t`, as element offsets: feedforward rows of the inputs
  /// active at t − 1 (`below`'s neurons, or for the first layer (`below` nil) the sample's channels,
  /// one that fired c times c times), then recurrent rows of its own spikes (`own`) at t − 1, each in
  /// index order. Writes them to the front of `feedforward` and `recurrent` (grown when too short) and
  /// returns how many of each it wrote.
  @inline(__always)
  func collectRows(_ layer: SpikingLayer, step t: Int, _ input: BinnedSample, below: ActiveNeurons?, own: ActiveNeurons,
                   feedforward: inout [Int32], recurrent: inout [Int32]) -> (feedforward: Int, recurrent: Int) {
    let n = layer.outputs
    // Row offsets fit in 32 bits: no matrix holds more than Int32.max weights (`SpikingArchitecture.validationErrors`).
    precondition(layer.inputs * n <= Int(Int32.max) && (!layer.isRecurrent || n * n <= Int(Int32.max)),
                 "internal error: a weight matrix of layer \(layer.inputs)×\(n) passed validation with over 2³¹ − 1 weights")
    @inline(__always) func room(_ rows: inout [Int32], _ count: Int) {
      if rows.count < count { rows = [Int32](repeating: 0, count: max(count, 2 * rows.count)) }
    }
    var written = 0
    if let below {
      let active = below.range(at: t - 1)
      room(&feedforward, active.count)
      feedforward.withUnsafeMutableBufferPointer { rows in
        for k in active { rows[written] = Int32(truncatingIfNeeded: Int(below.index[k]) &* n); written &+= 1 }
      }
    } else {
      let active = input.active(at: t - 1)
      var needed = 0
      for k in active { needed += Int(input.counts[k]) }
      room(&feedforward, needed)
      input.activeChannels.withUnsafeBufferPointer { channels in
        input.counts.withUnsafeBufferPointer { counts in
          feedforward.withUnsafeMutableBufferPointer { rows in
            for k in active where Int(channels[k]) < layer.inputs {
              let row = Int32(truncatingIfNeeded: Int(channels[k]) &* n)
              for _ in 0..<Int(counts[k]) { rows[written] = row; written &+= 1 }
            }
          }
        }
      }
    }
    guard layer.isRecurrent else { return (written, 0) }
    let spiked = own.range(at: t - 1)
    room(&recurrent, spiked.count)
    var recurrentWritten = 0
    recurrent.withUnsafeMutableBufferPointer { rows in
      for k in spiked { rows[recurrentWritten] = Int32(truncatingIfNeeded: Int(own.index[k]) &* n); recurrentWritten &+= 1 }
    }
    return (written, recurrentWritten)
  }

  /// Gradient-check mode: adds every input's and own neuron's row scaled by its smooth spike.
  func addInputsSmooth(layer l: Int, step t: Int, _ input: BinnedSample, into j: UnsafeMutablePointer<Float>, _ w: SpikingWorkspace,
                       counter: inout OperationCount) {
    let layer = layers[l]
    let n = layer.outputs
    layer.feedforward.withUnsafeBufferPointer { weights in
      guard let base = weights.baseAddress else { return }
      if l == 0 {
        for k in input.active(at: t - 1) where Int(input.activeChannels[k]) < layer.inputs {
          let row = base + Int(input.activeChannels[k]) * n
          for _ in 0..<Int(input.counts[k]) { VectorKernels.add(row, into: j, n) }
          counter.forwardSynapticOps += n * Int(input.counts[k])
        }
      } else {
        addActiveRows(of: l - 1, step: t - 1, matrix: base, width: n, into: j, w, smooth: true, counter: &counter)
      }
    }
    guard layer.isRecurrent else { return }
    layer.recurrent.withUnsafeBufferPointer { weights in
      guard let base = weights.baseAddress else { return }
      addActiveRows(of: l, step: t - 1, matrix: base, width: n, into: j, w, smooth: true, counter: &counter)
    }
  }

  /// Adds row `i` of `matrix` for every neuron i of layer `source` active at `step`.
  @inline(__always)
  func addActiveRows(of source: Int, step: Int, matrix: UnsafePointer<Float>, width n: Int, into j: UnsafeMutablePointer<Float>,
                     _ w: SpikingWorkspace, smooth: Bool, counter: inout OperationCount) {
    let active = w.active[source]
    let (start, end) = (Int(active.start[step]), Int(active.start[step + 1]))
    let sourceWidth = w.sizes[source]
    for k in start..<end {
      let i = Int(active.index[k])
      if smooth {
        VectorKernels.addScaled(w.spikes[source][step * sourceWidth + i], matrix + i * n, into: j, n)
      } else {
        VectorKernels.add(matrix + i * n, into: j, n)
      }
    }
    counter.forwardSynapticOps += (end - start) * n
  }

  /// What `integrate` writes for one layer, fetched once per layer rather than once per step (each
  /// fetch through the workspace's arrays retained and released a buffer).
  struct IntegrationTargets {
    /// U of every step, [t·N + n].
    var potentials: UnsafeMutablePointer<Float>
    /// Spikes of every step, [t·N + n].
    var spikes: UnsafeMutablePointer<Float>
    /// The layer's active-neuron lists.
    var active: ActiveNeurons
    /// `ActiveNeurons.packedLanes` and `ActiveNeurons.laneCounts`.
    var packedLanes: UnsafePointer<SIMD8<UInt16>>
    var laneCounts: UnsafePointer<UInt8>
  }

  /// U, spikes and reset for one layer and step (SIMD over neurons, scalar tail), by
  /// `ChipCoefficients.integrate` and `NeuronTickRule` as in the chip-time engine (training has no
  /// refractory period, so the countdown stays 0). `c` is `layer.coefficients`, derived once per pass.
  ///
  /// The spiking neurons of each group of eight are listed without a branch per lane: the lanes that
  /// fired, packed to the front (`ActiveNeurons.packedLanes`), are stored at the list's end in one
  /// store and the end moves on by their number (`laneCounts`) (the list has eight spare slots for the last store).
  @inline(__always)
  func integrate(_ layer: SpikingLayer, _ c: ChipCoefficients, step t: Int, j: UnsafeMutablePointer<Float>,
                 v: UnsafeMutablePointer<Float>, into targets: IntegrationTargets, smooth: Bool) {
    let n = layer.outputs
    let cv = c.vector
    let u = targets.potentials + t * n
    let s = targets.spikes + t * n
    let zero = SIMD8<Float>(repeating: 0), one = SIMD8<Float>(repeating: 1)
    let resetToPotential = c.resetMode == .toPotential
    let resetPotential = SIMD8<Float>(repeating: c.resetPotential)
    let active = targets.active
    let index = active.index
    let firstActive = Int(active.start[t])
    var count = firstActive
    var i = 0
    let lanes = targets.packedLanes, counts = targets.laneCounts
    while i + 8 <= n {
      let vOld = UnsafeRawPointer(v + i).loadUnaligned(as: SIMD8<Float>.self)
      let current = UnsafeRawPointer(j + i).loadUnaligned(as: SIMD8<Float>.self)
      let integrated = cv.integrate(potential: vOld, excitatory: current, inhibitory: zero, input: zero)
      var countdown = SIMD8<Int32>(repeating: 0)
      let (potential, fired) = NeuronTickRule.settle(integrated: integrated, previous: vOld, countdown: &countdown, threshold: cv.threshold)
      UnsafeMutableRawPointer(u + i).storeBytes(of: potential, as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(s + i).storeBytes(of: zero.replacing(with: one, where: fired), as: SIMD8<Float>.self)
      // The reset lane by lane as `ChipCoefficients.reset`: to the reset potential, or V − θ.
      let reset = resetToPotential ? resetPotential : potential - cv.threshold
      UnsafeMutableRawPointer(v + i).storeBytes(of: potential.replacing(with: reset, where: fired), as: SIMD8<Float>.self)
      let bits = ActiveNeurons.laneBits(of: fired)
      let listed = lanes[bits] &+ SIMD8<UInt16>(repeating: UInt16(truncatingIfNeeded: i))
      UnsafeMutableRawPointer(index + count).storeBytes(of: listed, as: SIMD8<UInt16>.self)
      count &+= Int(counts[bits])
      i += 8
    }
    while i < n {
      var countdown: Int32 = 0
      let integrated = c.integrate(potential: v[i], excitatory: j[i], inhibitory: 0, input: 0)
      let (potential, fired) = NeuronTickRule.settle(integrated: integrated, previous: v[i], countdown: &countdown, threshold: c.threshold)
      u[i] = potential
      s[i] = fired ? 1 : 0
      v[i] = fired ? c.reset(potential) : potential
      if fired {
        active.index[count] = UInt16(i)
        count += 1
      }
      i += 1
    }
    if smooth && layer.isSpiking {
      // Gradient-check mode: every neuron passes its smooth spike on.
      let surrogate = architecture.surrogate
      count = firstActive
      for k in 0..<n {
        s[k] = surrogate.primitive(u[k] - layer.threshold)
        active.index[count] = UInt16(k)
        count += 1
      }
    }
    active.start[t + 1] = Int32(count)
  }

  /// Class scores from the readout (the last layer), by `ReadoutMode.score`.
  func scores(_ w: SpikingWorkspace) -> [Float] {
    let l = layers.count - 1
    let n = layers[l].outputs, steps = w.steps
    let potentials = w.potentials[l], spikes = w.spikes[l]
    var result = [Float](repeating: 0, count: n)
    for c in 0..<n {
      let (score, peak) = architecture.readout.score(steps: steps, potential: { potentials[$0 * n + c] }, spikes: { spikes[$0 * n + c] })
      result[c] = score
      if architecture.readout == .maxMembrane { w.argmaxStep[c] = peak }
    }
    return result
  }
}
