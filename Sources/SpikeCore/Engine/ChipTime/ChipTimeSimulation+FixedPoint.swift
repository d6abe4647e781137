extension ChipTimeSimulation {
  /// Adds integer weights onto this partition's neurons into 64-bit accumulators: no saturation
  /// here, so order cannot matter.
  static func deliverFixedPoint(_ partition: ChipPartition, restricted: Bool, _ state: ChipTickState) {
    for delivery in state.deliveries {
      let view = state.views[Int(delivery.projection)]
      guard let weights = view.fixedWeights else { continue }
      var synapses = delivery.synapseRange
      if restricted {
        synapses = ownedSynapses(synapses.lowerBound, synapses.upperBound, targets: view.targets,
                                 owned: partition.ranges[view.targetPopulation])
      }
      let destination: UnsafeMutablePointer<Int64>
      switch view.destination {
      case .excitatoryCurrent: destination = state.fixedExcitatory + view.targetOffset
      case .inhibitoryCurrent: destination = state.fixedInhibitory + view.targetOffset
      case .membraneInput: destination = state.fixedInput + view.targetOffset
      }
      let targets = view.targets
      for k in synapses { destination[Int(targets[k])] &+= Int64(weights[k]) }
    }
  }

  /// The integer version of the neuron update: integrates and settles neurons `range` (global
  /// indices) with coefficients `c`, appending spikers to `spiked`.
  static func updateFixedPointNeurons(_ range: Range<Int>, _ c: FixedPointCoefficients, _ state: ChipTickState,
                                      into spiked: inout [Int32]) {
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
      if fired { spiked.append(Int32(g)) }
      v[g] = vNew
      x[g] = 0
      if exponential {
        e[g] = c.decayCurrent(ie, excitatory: true)
        h[g] = c.decayCurrent(ii, excitatory: false)
      }
    }
  }
}
