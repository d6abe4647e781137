import Testing
@testable import SpikeCore

/// Thread 0's tally of a free run must fold into exactly the counters that `step()` keeps.
@Suite struct ChipTallyTests {
  @Test("A tally folds spikes, synaptic events and updates into the right population and neuron, empty populations included")
  func foldsIntoCounters() {
    // Populations: 10 neurons at 0, an empty one at 10, a source of 20 at 10, 5 neurons at 30.
    let offsets = [0, 10, 10, 30], sizes = [10, 0, 20, 5], updates = [true, true, false, true]
    let tally = ChipTally(units: 35, populations: 4, projections: 2)
    var counters = SimulationCounters(populations: Array(repeating: PopulationCounters(), count: 4),
                                      projections: Array(repeating: ProjectionCounters(), count: 2),
                                      spikesPerNeuron: sizes.map { [UInt32](repeating: 0, count: $0) })
    let deliveries = [PendingDelivery(tick: 0, projection: 1, source: 3, firstSynapse: 4, endSynapse: 9),
                      PendingDelivery(tick: 0, projection: 0, source: 0, firstSynapse: 0, endSynapse: 2)]
    deliveries.withUnsafeBufferPointer { tally.countTick($0) }
    tally.countTick(UnsafeBufferPointer(start: nil, count: 0))
    for (population, unit) in [(0, 5), (2, 10), (2, 29), (3, 34), (2, 29)] { tally.countSpike(population: population, unit: unit) }
    let fold = { (counters: inout SimulationCounters) in
      tally.fold(into: &counters, offsets: offsets, sizes: sizes, updates: updates, targets: [3, 0], outgoing: [[1], [], [0], []])
    }
    fold(&counters)
    #expect(counters.spikesPerNeuron == [[0, 0, 0, 0, 0, 1, 0, 0, 0, 0], [],
                                         [1] + Array(repeating: 0, count: 18) + [2], [0, 0, 0, 0, 1]])
    #expect(counters.populations.map(\.spikes) == [1, 0, 3, 1])
    #expect(counters.populations.map(\.neuronUpdates) == [20, 0, 0, 10])
    #expect(counters.populations.map(\.synapticEvents) == [5, 0, 0, 2])
    #expect(counters.projections.map(\.synapticEvents) == [2, 5])
    #expect(counters.projections.map(\.spikesIn) == [3, 1])
    // Folding again adds nothing: the tally starts from zero.
    let folded = counters
    fold(&counters)
    #expect(counters == folded)
  }
}
