extension ChipTimeSimulation {
  /// Adds integer weights onto this partition's neurons into 64-bit accumulators: no saturation
  /// here, so order cannot matter (projections with 32-bit and with stored 16-bit weights are
  /// delivered in two passes).
  static func deliverFixedPoint(_ partition: ChipPartition, restricted: Bool, _ state: ChipTickState) {
    func accumulators(_ destination: Destination) -> UnsafeMutablePointer<Int64> {
      switch destination {
      case .excitatoryCurrent: return state.fixedExcitatory
      case .inhibitoryCurrent: return state.fixedInhibitory
      case .membraneInput: return state.fixedInput
      }
    }
    deliver(partition, restricted: restricted, state, weights: { $0.fixedWeights }, add: { $0 &+= Int64($1) },
            accumulators: accumulators)
    deliver(partition, restricted: restricted, state, weights: { $0.fixedWeights16 }, add: { $0 &+= Int64($1) },
            accumulators: accumulators)
  }

  /// The integer version of the neuron update: integrates and settles neurons `range` (global
  /// indices) with coefficients `c`, writing the spikers from `spikers` on; returns how many.
  static func updateFixedPointNeurons(_ range: Range<Int>, _ c: FixedPointCoefficients, _ state: ChipTickState,
                                      spikers: UnsafeMutablePointer<Int32>) -> Int {
    var count = 0
    let exponential = c.synapse == .exponential
    let v = state.fixedPotential, e = state.fixedExcitatory, h = state.fixedInhibitory, x = state.fixedInput
    let refractory = state.refractory
    for g in range {
      let ie = c.saturate(e[g]), ii = c.saturate(h[g])
      let integrated = c.integrate(potential: v[g], excitatory: exponential ? ie : 0,
                                   inhibitory: exponential ? ii : 0, input: exponential ? 0 : x[g])
      var countdown = refractory[g]
      let (vNew, fired) = NeuronTickRule.settle(integrated: integrated, previous: v[g], countdown: &countdown, threshold: c.threshold)
      refractory[g] = countdown
      if fired { spikers[count] = Int32(g); count += 1 }
      v[g] = vNew
      x[g] = 0
      if exponential {
        e[g] = c.decayCurrent(ie, excitatory: true)
        h[g] = c.decayCurrent(ii, excitatory: false)
      }
    }
    return count
  }
}
