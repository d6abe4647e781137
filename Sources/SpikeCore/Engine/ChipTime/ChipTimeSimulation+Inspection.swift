extension ChipTimeSimulation {
  /// The current membrane potential of a neuron, volts (after any reset of the last tick).
  public func membranePotential(of population: PopulationID, neuron: Int) -> Double {
    let g = populations[population.index].offset + neuron
    if let format = arithmetic.format { return Double(fixedPotential[g]) * format.voltsPerUnit }
    return Double(potential[g])
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
}
