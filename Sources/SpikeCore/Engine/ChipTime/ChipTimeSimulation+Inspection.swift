extension ChipTimeSimulation {
  /// The current membrane potential of a neuron, volts (after any reset of the last tick).
  public func membranePotential(of population: PopulationID, neuron: Int) -> Double {
    let g = populations[population.index].offset + neuron
    if let format = arithmetic.format { return Double(fixedPotential[g]) * format.voltsPerUnit }
    return Double(potential[g])
  }

  /// The current synaptic currents (excitatory, inhibitory) of a neuron, volts of drive, as
  /// they will enter the next tick before its deliveries.
  public func synapticCurrents(of population: PopulationID, neuron: Int) -> (excitatory: Double, inhibitory: Double) {
    let g = populations[population.index].offset + neuron
    if let format = arithmetic.format {
      return (Double(fixedExcitatory[g]) * format.voltsPerUnit, Double(fixedInhibitory[g]) * format.voltsPerUnit)
    }
    return (Double(excitatory[g]), Double(inhibitory[g]))
  }

  /// Ticks of refractoriness left for a neuron.
  public func refractoryTicksLeft(of population: PopulationID, neuron: Int) -> Int {
    Int(refractory[populations[population.index].offset + neuron])
  }

  /// The per-tick coefficients of a neuron population (nil for sources).
  public func coefficients(of population: PopulationID) -> ChipCoefficients? {
    populations[population.index].coefficients
  }

  /// The deliveries waiting in the timing wheel, soonest first (at most `limit`).
  public func pendingDeliveries(limit: Int = .max) -> [PendingDelivery] {
    var result: [PendingDelivery] = []
    for offset in 0..<ringSize {
      let slot = (tick + offset) % ringSize
      for delivery in ring[slot] where Int(delivery.tick) >= tick {
        result.append(delivery)
        if result.count >= limit { return result }
      }
    }
    return result
  }

  /// The spikes emitted in the last simulated tick.
  public var lastTickSpikes: [SpikeEvent] { spikesThisTick }

  /// Counters so far.
  public var currentCounters: SimulationCounters { counters }
}
