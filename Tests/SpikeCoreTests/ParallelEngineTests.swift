import Testing
import SpikelineSupport
@testable import SpikeCore

/// Threads must never change a result: not the tables a connector builds, not the spikes or
/// membrane potentials of a chip-time run.
@Suite struct ParallelEngineTests {
  /// A recurrent network with input, two populations of sizes that do not divide evenly into
  /// threads or cache lines, delays of 1–4 ticks (a palette), and both receptors.
  static func recurrentNetwork(threads: Int) throws -> (Network, [PopulationID]) {
    var network = Network(seed: 21)
    let (input, excitatory, inhibitory) = try addPopulations(to: &network)
    let delays = DelayRule.uniform(1e-3, 4e-3)
    try network.connect(input, to: excitatory, connector: .fixedProbability(0.3), weight: .normal(mean: 0.6, standardDeviation: 0.2),
                        delay: .constant(1e-3), threads: threads)
    try network.connect(excitatory, to: excitatory, connector: .fixedProbability(0.1), weight: .uniform(0, 0.3),
                        delay: delays, threads: threads)
    try network.connect(excitatory, to: inhibitory, connector: .fixedProbability(0.2), weight: .constant(0.4),
                        delay: .constant(2e-3), threads: threads)
    try network.connect(inhibitory, to: excitatory, connector: .allToAll(), weight: .uniform(0.05, 0.2),
                        delay: delays, receptor: .inhibitory, threads: threads)
    return (network, [input, excitatory, inhibitory])
  }

  /// The neurons of the test networks.
  static let model = NeuronModel.cuba(membraneTimeConstant: 20e-3, excitatoryTimeConstant: 5e-3, inhibitoryTimeConstant: 10e-3,
                                      threshold: 0.5, refractoryPeriod: 2e-3)

  static func addPopulations(to network: inout Network) throws -> (PopulationID, PopulationID, PopulationID) {
    var generator = SeededGenerator(seed: 4)
    let inputTicks = (0..<30).map { _ in (0..<120).filter { _ in generator.bernoulli(0.08) } }
    let input = try network.addSource("input", size: 30, source: .spikeTicks(inputTicks))
    return (input, try network.addPopulation("e", size: 101, model: model), try network.addPopulation("i", size: 37, model: model))
  }

  @Test("Connectors build the same tables on 1, 2 and 3 threads")
  func constructionIsThreadIndependent() throws {
    let one = try Self.recurrentNetwork(threads: 1).0
    for threads in [2, 3] {
      let other = try Self.recurrentNetwork(threads: threads).0
      for (a, b) in zip(one.projections, other.projections) { #expect(a.synapses == b.synapses, "\(a.name), \(threads) threads") }
    }
    #expect(one.synapseCount > 1000)
  }

  /// The recurrent network with every delay rounded to whole milliseconds (chip ticks), and probes
  /// on neurons at slice edges.
  /// With `exchange`, the network keeps only that rank's share of the synapses.
  static func tickedNetwork(keepingShareOf exchange: SpikeExchange? = nil) throws -> (Network, RecordingPlan) {
    let (network, populations) = try Self.recurrentNetwork(threads: 1)
    // Delays drawn from a range become whole ticks: round them through an explicit copy.
    var ticked = Network(seed: 21)
    _ = try Self.addPopulations(to: &ticked)
    if let exchange { try ticked.keepRankShare(of: exchange) }
    for projection in network.projections {
      var synapses: [SynapseSpec] = []
      for i in 0..<projection.synapses.sourceCount {
        for k in projection.synapses.row(i) {
          synapses.append(SynapseSpec(source: i, target: Int(projection.synapses.targets[k]),
                                      weight: Double(projection.synapses.weights[k]),
                                      delay: (projection.synapses.delays[k] * 1e3).rounded() * 1e-3))
        }
      }
      try ticked.connect(projection.source, to: projection.target, connector: .explicit(synapses),
                         receptor: projection.receptor, name: projection.name)
    }
    let probes = [RecordingPlan.Probe(population: populations[1], neurons: [0, 15, 16, 50, 100]),
                  RecordingPlan.Probe(population: populations[2], neurons: [0, 36])]
    return (ticked, RecordingPlan(membranes: probes))
  }

  /// Runs the network in chip time on `threads` threads with ticks rounding the uniform delays.
  func chipRun(threads: Int, arithmetic: ChipArithmetic) throws -> SimulationResult {
    let (ticked, plan) = try Self.tickedNetwork()
    let simulation = try ChipTimeSimulation(network: ticked, tickDuration: 1e-3,
                                            recording: plan, arithmetic: arithmetic, threads: threads)
    #expect(simulation.threadCount == threads)
    simulation.run(ticks: 150)
    return simulation.result
  }

  @Test("Chip time gives identical spikes, membranes and counters on 1, 2 and 3 threads",
        arguments: [ChipArithmetic.floatingPoint,
                    .fixedPoint(FixedPointFormat(weightBits: 8, potentialBits: 16, decayBits: 12, voltsPerUnit: 0.005))])
  func chipTimeIsThreadIndependent(arithmetic: ChipArithmetic) throws {
    let one = try chipRun(threads: 1, arithmetic: arithmetic)
    let spikes = one.spikes.reduce(0) { $0 + $1.count }
    #expect(spikes > 200, "the network must be active enough to test anything: \(spikes) spikes")
    for threads in [2, 3] {
      let other = try chipRun(threads: threads, arithmetic: arithmetic)
      #expect(other.spikes == one.spikes, "\(threads) threads")
      #expect(other.membranes == one.membranes, "\(threads) threads")
      #expect(other.counters == one.counters, "\(threads) threads")
    }
  }

  @Test("Threads hand back every neuron's state after each run (they work on copies of their own)",
        arguments: [ChipArithmetic.floatingPoint,
                    .fixedPoint(FixedPointFormat(weightBits: 8, potentialBits: 16, decayBits: 12, voltsPerUnit: 0.005))])
  func threadsHandBackNeuronState(arithmetic: ChipArithmetic) throws {
    func runs(threads: Int) throws -> (potentials: [[Double]], result: SimulationResult) {
      let (ticked, plan) = try Self.tickedNetwork()
      let simulation = try ChipTimeSimulation(network: ticked, tickDuration: 1e-3, recording: plan,
                                              arithmetic: arithmetic, threads: threads)
      var snapshots: [[Double]] = []
      // Runs of several ticks (threads on copies) and single steps (the shared state) in turn: a
      // state not handed back, or not taken up again, changes the potentials and every later spike.
      for ticks in [30, 1, 25, 1, 30, 1, 60] {
        simulation.run(ticks: ticks)
        snapshots.append(ticked.populations.indices.dropFirst().flatMap { index in
          (0..<ticked.populations[index].size).map { simulation.membranePotential(of: PopulationID(index), neuron: $0) }
        })
      }
      return (snapshots, simulation.result)
    }
    let one = try runs(threads: 1)
    let spikes = one.result.spikes.reduce(0) { $0 + $1.count }
    #expect(spikes > 200, "the network must be active enough to test anything: \(spikes) spikes")
    for threads in [2, 3] {
      let other = try runs(threads: threads)
      #expect(other.potentials == one.potentials, "\(threads) threads")
      #expect(other.result.spikes == one.result.spikes, "\(threads) threads")
      #expect(other.result.membranes == one.result.membranes, "\(threads) threads")
    }
  }

  /// Keeps everything an observer is told.
  final class TickLog: ChipTimeObserver {
    var ticks: [Int] = []
    var deliveries: [[PendingDelivery]] = []
    var spikes: [[SpikeEvent]] = []
    /// The simulation's spike count as the observer reads it at each tick's end.
    var countedSpikes: [Int] = []
    weak var simulation: ChipTimeSimulation?
    func chipTickDidEnd(_ tick: Int, deliveries: UnsafeBufferPointer<PendingDelivery>, spikes: UnsafeBufferPointer<SpikeEvent>) {
      ticks.append(tick)
      self.deliveries.append(Array(deliveries))
      self.spikes.append(Array(spikes))
      countedSpikes.append(simulation?.result.counters.totalSpikes ?? -1)
    }
  }

  @Test("Runs of many ticks on 1, 2 and 3 threads tell an observer what single steps do, and runs may alternate with single steps")
  func observerAndSteps() throws {
    let (network, plan) = try Self.tickedNetwork()
    enum Schedule { case stepByStep, oneRun, runsAndSteps }
    func run(threads: Int, _ schedule: Schedule, observed: Bool = true) throws -> (TickLog, SimulationResult) {
      let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: plan, threads: threads)
      let log = TickLog()
      log.simulation = simulation
      if observed { simulation.observer = log }
      switch schedule {
      case .stepByStep:
        for _ in 0..<150 { simulation.step() }
      case .oneRun:
        simulation.run(ticks: 150)
      case .runsAndSteps:
        simulation.run(ticks: 40)
        for _ in 0..<7 { simulation.step() }
        simulation.run(ticks: 53)
        simulation.step()
        simulation.run(ticks: 49)
      }
      return (log, simulation.result)
    }
    // The reference: one thread, one tick at a time.
    let (oneLog, one) = try run(threads: 1, .stepByStep)
    #expect(oneLog.ticks == Array(0..<150))
    #expect(oneLog.spikes.reduce(0) { $0 + $1.count } > 200)
    // What the observer reads from the simulation is everything up to the end of its tick.
    var running = 0
    #expect(oneLog.countedSpikes == oneLog.spikes.map { running += $0.count; return running })
    for threads in [1, 2, 3] {
      for schedule in [Schedule.oneRun, .runsAndSteps] {
        let (log, result) = try run(threads: threads, schedule)
        #expect(log.ticks == oneLog.ticks, "\(threads) threads, \(schedule)")
        #expect(log.deliveries == oneLog.deliveries, "\(threads) threads, \(schedule)")
        #expect(log.spikes == oneLog.spikes, "\(threads) threads, \(schedule)")
        #expect(log.countedSpikes == oneLog.countedSpikes, "\(threads) threads, \(schedule)")
        #expect(result.spikes == one.spikes && result.membranes == one.membranes && result.counters == one.counters)
        // Without an observer, thread 0's tally is folded into the counters only as each run ends.
        let unobserved = try run(threads: threads, schedule, observed: false).1
        #expect(unobserved.spikes == one.spikes && unobserved.membranes == one.membranes && unobserved.counters == one.counters,
                "\(threads) threads, \(schedule), no observer")
      }
    }
  }

  @Test("Poisson sources draw the same spikes when every thread keeps its own copy of their generators")
  func poissonSourcesOnThreads() throws {
    func run(threads: Int) throws -> SimulationResult {
      var network = Network(seed: 8)
      let noise = try network.addSource("noise", size: 50, source: .poisson(rateHertz: 40))
      let model = NeuronModel.cuba(membraneTimeConstant: 20e-3, excitatoryTimeConstant: 5e-3, inhibitoryTimeConstant: 10e-3,
                                   threshold: 0.5, refractoryPeriod: 2e-3)
      let cells = try network.addPopulation("cells", size: 70, model: model)
      try network.connect(noise, to: cells, connector: .fixedProbability(0.3), weight: .uniform(0.1, 0.5), delay: .constant(1e-3))
      try network.connect(cells, to: cells, connector: .fixedProbability(0.1), weight: .uniform(-0.3, 0.2), delay: .constant(2e-3))
      let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: RecordingPlan(spikes: .all), threads: threads)
      simulation.run(ticks: 120)
      simulation.run(ticks: 80)
      return simulation.result
    }
    let one = try run(threads: 1)
    #expect(one.spikes.first { $0.population.index == 0 }.map(\.count) ?? 0 > 300)
    #expect(one.spikes.first { $0.population.index == 1 }.map(\.count) ?? 0 > 50)
    for threads in [2, 3] {
      let other = try run(threads: threads)
      #expect(other.spikes == one.spikes, "\(threads) threads")
      #expect(other.counters == one.counters, "\(threads) threads")
    }
  }

  @Test("A thread's share of a delivery is exactly the synapses onto its neurons")
  func ownedSynapsesAreTheFilter() {
    var generator = SeededGenerator(seed: 12)
    for _ in 0..<400 {
      let count = Int(generator.next() % 40)
      let targets = (0..<count).map { _ in UInt32(generator.next() % 50) }.sorted()
      let low = Int(generator.next() % 55), high = low + Int(generator.next() % 30)
      let first = count == 0 ? 0 : Int(generator.next() % UInt64(count + 1))
      let end = first + (count == first ? 0 : Int(generator.next() % UInt64(count - first + 1)))
      let expected = (first..<end).filter { (low..<high).contains(Int(targets[$0])) }
      // (Room for one more target, so that an empty row still has an address.)
      (targets + [0]).withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return }
        let owned = ChipTimeSimulation.ownedSynapses(first, end, targets: base, owned: low..<high)
        #expect(Array(owned) == expected, "targets \(targets), \(first)..<\(end), owned \(low)..<\(high)")
      }
    }
  }

  @Test("Partitions cover every neuron once, in aligned contiguous slices")
  func partitionsCoverNeurons() {
    for threads in 1...5 {
      let parts = ChipPartition.split(populationSizes: [101, 37, 0, 4000], threads: threads)
      #expect(parts.count == threads)
      for (p, size) in [101, 37, 0, 4000].enumerated() {
        var next = 0
        for part in parts {
          let range = part.ranges[p]
          #expect(range.lowerBound == next)
          #expect(range.lowerBound % ChipPartition.alignment == 0 || range.isEmpty || range.lowerBound == size)
          next = range.upperBound
        }
        #expect(next == size)
      }
    }
    #expect(ChipPartition.threadCount(requested: 3, neurons: 10) == 3)
    #expect(ChipPartition.threadCount(requested: nil, neurons: 10) == 1)
  }
}
