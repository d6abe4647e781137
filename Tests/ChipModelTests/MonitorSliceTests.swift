import Testing
import SpikeCore
@testable import ChipModel

/// The chip activity monitor's slices: the threads of a run each count the events on a slice of the
/// cores, and the latencies must be the same bits as counting a whole tick in one piece.
@Suite struct MonitorSliceTests {
  static let ticks = 60

  /// `MappingAndRoutingTests`' small Loihi mesh (6 cores per chip, so messages cross chips), with
  /// host injection and chip crossings priced.
  func profile() -> ChipProfile {
    var profile = MappingAndRoutingTests().smallProfile(fanIn: nil)
    profile.hostSpikeLatency = 4e-9
    profile.chipCrossingLatency = 50e-9
    return profile
  }

  /// An off-chip input drives A; A reaches B through a one-delay and a several-delay projection,
  /// A → A and B → A are recurrent.
  /// With `exchange`, the network keeps only that rank's share of the synapses (with `margin`).
  func network(keepingShareOf exchange: SpikeExchange? = nil, margin: Int = 0) throws -> Network {
    var network = Network(seed: 11)
    let model = NeuronModel.discrete(membraneDecay: 0.5, threshold: 1, tickDuration: 1e-3)
    let input = try network.addSource("input", size: 23, source: .poisson(rateHertz: 150))
    let a = try network.addPopulation("a", size: 40, model: model)
    let b = try network.addPopulation("b", size: 33, model: model)
    if let exchange { try network.keepRankShare(of: exchange, margin: margin) }
    try network.connect(input, to: a, connector: .fixedProbability(0.4), weight: .constant(0.55), delay: .constant(1e-3))
    try network.connect(a, to: b, connector: .fixedProbability(0.3), weight: .constant(0.4), delay: .constant(1e-3))
    // Delays of 1, 2 and 3 ticks in a pattern (rows sorted by delay first, so listed per core).
    let delayed = (0..<40).flatMap { i in
      (0..<33).filter { j in (7 * i + 3 * j) % 5 == 0 }.map { j in SynapseSpec(source: i, target: j, delay: Double(1 + (i + j) % 3) * 1e-3) }
    }
    try network.connect(a, to: b, connector: .explicit(delayed), weight: .constant(0.3), name: "a->b delayed")
    try network.connect(a, to: a, connector: .fixedProbability(0.1), weight: .constant(0.2), delay: .constant(2e-3))
    try network.connect(b, to: a, connector: .fixedProbability(0.1), weight: .constant(-0.3), delay: .constant(1e-3))
    return network
  }

  struct Latencies: Equatable {
    var seconds: Double
    var parts: LatencyParts
    var perPopulation: [Double]
    var perTick: [Double]
  }

  /// The monitor's latencies after `ticks` ticks: stepped one tick at a time (each tick's slices one
  /// after the other, `slices` of them), or run freely on `threads` threads (one slice each).
  func latencies(threads: Int = 1, slices: Int = 1, tickByTick: Bool) throws -> (Latencies, SimulationResult) {
    let network = try network()
    let session = try ChipSession(network: network, profile: profile())
    session.monitor.recordsTicks = true
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, threads: threads)
    session.attach(to: simulation)
    session.monitor.chipTicksWillRun(parts: slices)
    if tickByTick {
      for _ in 0..<Self.ticks { simulation.step() }
    } else {
      simulation.run(ticks: Self.ticks)
    }
    let monitor = session.monitor
    #expect(monitor.ticks == Self.ticks)
    return (Latencies(seconds: monitor.latencySeconds, parts: monitor.parts, perPopulation: monitor.populationLatencySeconds,
                      perTick: monitor.tickLatencies), simulation.result)
  }

  @Test("Latencies are the same bits in one piece, in 2, 3, 5 or 40 slices, and on 1, 2 or 3 threads")
  func sameBitsAnySplit() throws {
    let (reference, result) = try latencies(tickByTick: true)
    // Every population spikes, and the host injects (the input is off-chip).
    #expect(result.spikes.count == 3 && result.spikes.allSatisfy { $0.count > 0 })
    #expect(reference.parts.host > 0 && reference.parts.routing > 0 && reference.parts.cores > 0)
    for slices in [2, 3, 5, 40] {
      #expect(try latencies(slices: slices, tickByTick: true).0 == reference, "\(slices) slices")
    }
    for threads in [1, 2, 3] {
      #expect(try latencies(threads: threads, tickByTick: false).0 == reference, "\(threads) threads")
    }
  }

  @Test("Slices cover every core once, and each population's neurons once, in contiguous runs")
  func slicesCoverEverything() throws {
    let network = try network()
    let session = try ChipSession(network: network, profile: profile())
    let mapping = session.mapping
    #expect(mapping.coresUsed > 5)
    for count in [1, 2, 3, 5, 40] {
      let slices = session.monitor.makeSlices(count)
      #expect(slices.count == count)
      #expect(slices.first?.cores.lowerBound == 0 && slices.last?.cores.upperBound == mapping.coresUsed)
      for (slice, next) in zip(slices, slices.dropFirst()) { #expect(slice.cores.upperBound == next.cores.lowerBound) }
      for (index, population) in network.populations.enumerated() {
        var owner = [Int](repeating: 0, count: population.size)
        for slice in slices { for neuron in slice.neurons[index] { owner[neuron] += 1 } }
        #expect(owner.allSatisfy { $0 == 1 }, "\(count) slices, population \(index)")
        guard !population.isSource else { continue }
        for slice in slices {
          for core in slice.cores where mapping.cores[core].population == index {
            #expect(slice.neurons[index].lowerBound <= mapping.cores[core].neurons.lowerBound
                    && mapping.cores[core].neurons.upperBound <= slice.neurons[index].upperBound)
          }
        }
      }
      if count == 2 { #expect(slices.allSatisfy { !$0.cores.isEmpty }) }
    }
  }

  @Test("The report's messages, hops and chip crossings from the monitor's row summaries equal a walk over each spiking row")
  func reportFromRowSummaries() throws {
    let network = try network()
    let session = try ChipSession(network: network, profile: profile())
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, threads: 2)
    session.attach(to: simulation)
    simulation.run(ticks: Self.ticks)
    let counters = simulation.result.counters
    let summarised = ChipReport.activity(network: network, counters: counters, mapping: session.mapping, routing: session.routing,
                                         monitor: session.monitor)
    let walked = ChipReport.activity(network: network, counters: counters, mapping: session.mapping, routing: session.routing,
                                     monitor: nil)
    #expect(summarised.map(\.messages) == walked.map(\.messages))
    #expect(summarised.map(\.hopsEastWest) == walked.map(\.hopsEastWest))
    #expect(summarised.map(\.hopsNorthSouth) == walked.map(\.hopsNorthSouth))
    #expect(summarised.map(\.chipCrossings) == walked.map(\.chipCrossings))
    #expect(walked.allSatisfy { $0.isInput || $0.messages > 0 } && walked.contains { $0.chipCrossings > 0 })
  }

  @Test("NeuroBench's non-zero synapses and effective accumulates are the same summed in 1, 3 or 64 runs of rows")
  func neuroBenchCountsInChunks() throws {
    let network = try network()
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
    simulation.run(ticks: Self.ticks)
    let counters = simulation.result.counters
    for projection in network.projections {
      let spikes = counters.spikesPerNeuron[projection.source.index]
      var byHand = (nonZero: 0, effective: 0)
      for source in 0..<projection.synapses.sourceCount {
        let row = projection.synapses.row(source).filter { projection.synapses.weights[$0] != 0 }.count
        byHand.nonZero += row
        byHand.effective += Int(spikes[source]) * row
      }
      #expect(byHand.effective > 0)
      for chunks in [1, 3, 64] {
        let counts = NeuroBenchMetrics.synapseCounts(projection.synapses, spikes: spikes, chunks: chunks)
        #expect(counts.nonZero == byHand.nonZero && counts.effective == byHand.effective, "\(chunks) chunks")
      }
    }
  }
}
