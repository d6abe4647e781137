/// What a chip-time run records and counts: the counters, the recorded spike trains and the
/// membrane traces. One value, so that a free run's recording thread can take it out of the
/// simulation for a whole run (`ChipTimeSimulation.takeRecorder()`) and update it as a local:
/// a class's stored arrays cost an exclusivity check and a uniqueness check on every write.
struct ChipRecorder {
  var counters: SimulationCounters
  var recordedSpikes: [PopulationSpikes] = []
  /// Index into `recordedSpikes` of each population that records its spikes.
  var recordedSlot: [Int?] = []
  var membranes: [MembraneTrace] = []

  init(counters: SimulationCounters) { self.counters = counters }

  /// Holds nothing: what the simulation keeps while a free run has its recorder.
  static var placeholder: ChipRecorder { ChipRecorder(counters: SimulationCounters(populations: [], projections: [], spikesPerNeuron: [])) }

  /// Counts the synaptic events of `deliveries` per projection and target population.
  @inline(__always)
  mutating func countDeliveries(_ deliveries: UnsafeBufferPointer<PendingDelivery>,
                                views: UnsafeBufferPointer<ChipTimeSimulation.ProjectionView>) {
    for delivery in deliveries {
      let projection = Int(delivery.projection)
      let count = delivery.synapseCount
      counters.projections[projection].synapticEvents += count
      counters.populations[views[projection].targetPopulation].synapticEvents += count
    }
  }

  /// Counts and, if its population records spikes, records one spike at tick `t`.
  @inline(__always)
  mutating func recordSpike(population index: Int, neuron: Int, at t: Int, tickDuration: Double) {
    counters.populations[index].spikes += 1
    counters.spikesPerNeuron[index][neuron] &+= 1
    appendSpike(population: index, neuron: neuron, at: t, tickDuration: tickDuration)
  }

  /// If its population records spikes, appends one spike at tick `t` to its spike train (no counting).
  @inline(__always)
  mutating func appendSpike(population index: Int, neuron: Int, at t: Int, tickDuration: Double) {
    if let slot = recordedSlot[index] {
      recordedSpikes[slot].neurons.append(Int32(neuron))
      recordedSpikes[slot].times.append(Double(t) * tickDuration)
      recordedSpikes[slot].ticks.append(Int32(t))
    }
  }

  /// Appends one sample, `potential` volts at `time` seconds, to membrane trace `trace`.
  @inline(__always)
  mutating func recordPotential(trace: Int, _ potential: Double, at time: Double) {
    membranes[trace].times.append(time)
    membranes[trace].potentials.append(potential)
  }
}

extension SimulationCounters {
  /// Counters from their parts (the placeholder a free run leaves behind uses empty ones).
  init(populations: [PopulationCounters], projections: [ProjectionCounters], spikesPerNeuron: [[UInt32]]) {
    self.populations = populations
    self.projections = projections
    self.spikesPerNeuron = spikesPerNeuron
  }
}
