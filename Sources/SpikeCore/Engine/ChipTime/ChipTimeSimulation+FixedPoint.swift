extension ChipTimeSimulation {
  /// Adds integer weights onto this partition's neurons into 64-bit accumulators: no saturation
  /// here, so order cannot matter.
  func deliverFixedPoint(_ deliveries: UnsafeBufferPointer<PendingDelivery>, views: UnsafeBufferPointer<ProjectionView>,
                         partition: ChipPartition, restricted: Bool) {
    for delivery in deliveries {
      let view = views[Int(delivery.projection)]
      guard let weights = view.fixedWeights else { continue }
      var synapses = delivery.synapseRange
      if restricted {
        synapses = Self.ownedSynapses(synapses.lowerBound, synapses.upperBound, targets: view.targets,
                                      owned: partition.ranges[view.targetPopulation])
      }
      let destination: UnsafeMutablePointer<Int64>
      switch view.destination {
      case .excitatoryCurrent: destination = fixedExcitatory.base + view.targetOffset
      case .inhibitoryCurrent: destination = fixedInhibitory.base + view.targetOffset
      case .membraneInput: destination = fixedInput.base + view.targetOffset
      }
      let targets = view.targets
      for k in synapses { destination[Int(targets[k])] &+= Int64(weights[k]) }
    }
  }

  /// The integer version of `updateNeurons(_:of:into:)`: integrates and settles neurons `range`
  /// (global indices) of population `index`, appending spikers to `spiked`.
  func updateFixedPointNeurons(_ range: Range<Int>, of index: Int, into spiked: inout [Int32]) {
    guard let c = populations[index].fixedCoefficients else { return }
    let exponential = c.synapse == .exponential
    for g in range {
      let ie = c.saturate(fixedExcitatory[g]), ii = c.saturate(fixedInhibitory[g])
      let integrated = c.integrate(potential: fixedPotential[g], excitatory: exponential ? ie : 0,
                                   inhibitory: exponential ? ii : 0, input: exponential ? 0 : fixedInput[g])
      var countdown = refractory[g]
      let (v, fired) = NeuronTickRule.settle(integrated: integrated, previous: fixedPotential[g], countdown: &countdown, threshold: c.threshold)
      refractory[g] = countdown
      if fired { spiked.append(Int32(g)) }
      fixedPotential[g] = v
      fixedInput[g] = 0
      if exponential {
        fixedExcitatory[g] = c.decayCurrent(ie, excitatory: true)
        fixedInhibitory[g] = c.decayCurrent(ii, excitatory: false)
      }
    }
  }
}
