extension ChipTimeSimulation {
  /// Adds integer weights into 64-bit accumulators: no saturation here, so order cannot matter.
  func deliverFixedPoint() {
    for delivery in delivering {
      let projectionIndex = Int(delivery.projection)
      let count = delivery.synapseCount
      counters.projections[projectionIndex].synapticEvents += count
      counters.populations[network.projections[projectionIndex].target.index].synapticEvents += count
      let projection = projections[projectionIndex]
      for k in delivery.synapseRange {
        let target = Int(projection.targets[k])
        let weight = Int64(projection.fixedWeights[k])
        switch projection.destination {
        case .excitatoryCurrent: fixedExcitatory[target] &+= weight
        case .inhibitoryCurrent: fixedInhibitory[target] &+= weight
        case .membraneInput: fixedInput[target] &+= weight
        }
      }
    }
  }

  /// The integer version of `updateNeurons(of:at:)`.
  func updateFixedPointNeurons(of index: Int, at t: Int) {
    let population = populations[index]
    guard let c = population.fixedCoefficients, let format = arithmetic.format, population.size > 0 else { return }
    spikedScratch.removeAll(keepingCapacity: true)
    let exponential = c.synapse == .exponential
    for g in population.offset..<(population.offset + population.size) {
      let ie = c.saturate(fixedExcitatory[g]), ii = c.saturate(fixedInhibitory[g])
      let integrated = c.integrate(potential: fixedPotential[g], excitatory: exponential ? ie : 0,
                                   inhibitory: exponential ? ii : 0, input: exponential ? 0 : fixedInput[g])
      let (v, spiked) = NeuronTickRule.settle(integrated: integrated, previous: fixedPotential[g], countdown: &refractory[g], threshold: c.threshold)
      if spiked { spikedScratch.append(Int32(g)) }
      fixedPotential[g] = v
      fixedInput[g] = 0
      if exponential {
        fixedExcitatory[g] = c.decayCurrent(ie, excitatory: true)
        fixedInhibitory[g] = c.decayCurrent(ii, excitatory: false)
      }
    }
    counters.populations[index].neuronUpdates += population.size
    let time = Double(t) * tickDuration
    for probe in population.probes {
      membranes[probe.trace].times.append(time)
      membranes[probe.trace].potentials.append(Double(fixedPotential[population.offset + probe.neuron]) * format.voltsPerUnit)
    }
    for global in spikedScratch {
      let g = Int(global)
      fixedPotential[g] = c.reset(fixedPotential[g])
      refractory[g] = c.refractoryTicks
      recordSpike(population: index, neuron: g - population.offset, at: t)
    }
  }
}
