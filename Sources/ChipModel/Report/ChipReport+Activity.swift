import SpikeCore
import SpikelineSupport

extension ChipReport {
  /// Per population: the counts of the run and where they happened (messages, hops and chip
  /// crossings from the routing table; cores and chips from the mapping). Energy not yet priced.
  /// A row that spiked while `monitor` watched is read from the monitor's summary of it instead of
  /// walking its destinations again.
  /// - Complexity: O(spiking neurons × destinations + cores); O(spiking neurons + cores) with a monitor.
  static func activity(network: Network, counters: SimulationCounters, mapping: CoreMapping,
                       routing: RoutingTable, monitor: ChipActivityMonitor?) -> [CostEntry] {
    let outgoing = network.outgoingProjections()
    var coresOf = [[Int]](repeating: [], count: network.populations.count)
    for (core, placement) in mapping.cores.enumerated() { coresOf[placement.population].append(core) }
    return network.populations.enumerated().map { index, population in
      var entry = CostEntry(name: population.name)
      entry.isInput = population.isSource
      let populationCounters = counters.populations[index]
      entry.spikes = populationCounters.spikes
      entry.synapticOps = populationCounters.synapticEvents
      entry.neuronUpdates = populationCounters.neuronUpdates
      entry.coresUsed = coresOf[index].count
      entry.chipsUsed = Set(coresOf[index].map(mapping.chip(ofCore:))).count
      for projection in outgoing[index] {
        for (neuron, count) in counters.spikesPerNeuron[index].enumerated() where count > 0 {
          if let summary = monitor?.knownRowSummary(projection: projection.index, source: neuron) {
            entry.messages += Int(count) * Int(summary.messages)
            entry.hopsEastWest += Int(count) * summary.hopsEastWest
            entry.hopsNorthSouth += Int(count) * summary.hopsNorthSouth
            entry.chipCrossings += Int(count) * summary.chipCrossings
            continue
          }
          routing.forEachDestination(projection: projection.index, source: neuron) { destination in
            entry.messages += Int(count)
            entry.hopsEastWest += Int(count) * Int(destination.hopsEastWest)
            entry.hopsNorthSouth += Int(count) * Int(destination.hopsNorthSouth)
            entry.chipCrossings += Int(count) * Int(destination.chipCrossings)
          }
        }
      }
      entry.hops = entry.hopsEastWest + entry.hopsNorthSouth
      return entry
    }
  }

  /// The run's memory on the chip, core by core, at the profile's bit widths.
  /// - Throws: `SpikelineError` naming a bit width the profile lacks.
  static func memory(network: Network, mapping: CoreMapping, replayBufferBytes: Int) throws -> MemoryFootprint {
    let profile = mapping.profile
    let synapseBits = try profile.require(profile.bitsPerSynapse, "bitsPerSynapse", for: "memory footprint")
    let neuronBits = try profile.require(profile.bitsPerNeuron, "bitsPerNeuron", for: "memory footprint")
    var weights = 0, state = 0
    var perCore = [Int](repeating: 0, count: mapping.coresUsed)
    for (core, placement) in mapping.cores.enumerated() {
      let w = (placement.incomingSynapses * synapseBits + 7) / 8
      let s = (placement.neurons.count * neuronBits + 7) / 8
      weights += w
      state += s
      perCore[core] = w + s
    }
    return MemoryFootprint(weightsBytes: weights, neuronStateBytes: state, replayBufferBytes: replayBufferBytes,
                           totalBytes: weights + state + replayBufferBytes, perCoreBytes: perCore)
  }
}
