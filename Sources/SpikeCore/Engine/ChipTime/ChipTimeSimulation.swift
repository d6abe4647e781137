import SpikelineSupport

/// Simulates a `Network` in chip time: integer ticks, barrier-synchronised like a neuromorphic chip.
///
/// In tick t the simulator (1) delivers every spike due at t through its synapse table, event by
/// event from a timing wheel (one bucket per tick, as many buckets as the longest delay), (2)
/// updates every neuron with the per-tick rule of `ChipCoefficients`, in population order, and
/// emits the spikes of sources, (3) schedules the new spikes for t + delay. Delays are whole ticks,
/// at least one. State is single precision, as on a chip; results are deterministic.
///
/// ```swift
/// let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3)
/// simulation.run(ticks: 100)
/// let spikes = simulation.result.spikes(of: output)
/// ```
public final class ChipTimeSimulation {
  /// The simulated network (its sources can be replaced with `restart(replacing:with:)`).
  public internal(set) var network: Network
  /// Δt, seconds per tick.
  public let tickDuration: Double
  /// What the simulation records besides its counters.
  public let recording: RecordingPlan
  /// Single-precision floating point, or integers of a `FixedPointFormat`.
  public let arithmetic: ChipArithmetic
  /// The next tick to simulate (the number of ticks done).
  public internal(set) var tick: Int = 0
  /// Receives every tick's deliveries and spikes; nil for none.
  public var observer: ChipTimeObserver?

  struct CompiledPopulation {
    var offset: Int
    var size: Int
    var coefficients: ChipCoefficients?
    var fixedCoefficients: FixedPointCoefficients?
    var recordsSpikes: Bool
    /// (neuron, index into `membranes`).
    var probes: [(neuron: Int, trace: Int)]
  }

  enum Destination { case excitatoryCurrent, inhibitoryCurrent, membraneInput }

  struct CompiledProjection {
    var targetOffset: Int
    var destination: Destination
    var rowStart: [UInt32]
    /// Global target index of each synapse.
    var targets: [UInt32]
    var weights: [Float]
    /// Weights as integers (fixed-point arithmetic only).
    var fixedWeights: [Int32]
    /// Delay of each synapse in ticks, or empty when every synapse has `uniformDelay`.
    var delayTicks: [Int32]
    var uniformDelay: Int32
  }

  var populations: [CompiledPopulation] = []
  var projections: [CompiledProjection] = []
  var outgoing: [[Int]] = []

  // Neuron state, one slot per unit of the network (sources' slots unused).
  var potential: [Float] = []
  var excitatory: [Float] = []
  var inhibitory: [Float] = []
  var input: [Float] = []
  var refractory: [Int32] = []
  // Fixed-point state (64-bit so deliveries never overflow; saturated once per tick).
  var fixedPotential: [Int64] = []
  var fixedExcitatory: [Int64] = []
  var fixedInhibitory: [Int64] = []
  var fixedInput: [Int64] = []

  // Timing wheel: bucket (t mod ringSize) holds the deliveries due at tick t.
  var ring: [[PendingDelivery]] = []
  var ringSize = 1
  var delivering: [PendingDelivery] = []

  var sources: [SourceSchedule] = []
  var spikesThisTick: [SpikeEvent] = []
  var spikedScratch: [Int32] = []

  var counters: SimulationCounters
  var recordedSpikes: [PopulationSpikes] = []
  var membranes: [MembraneTrace] = []

  /// Compiles `network` for ticks of `tickDuration` seconds.
  /// - Throws: `SpikelineError` if a delay is not a whole number of ticks or shorter than one tick,
  ///   if a model is not defined in chip time, or if a probe names a neuron that does not exist.
  /// - Complexity: O(*n* + *N*) for *n* synapses and *N* neurons: every table is copied once into the engine's single-precision form.
  public init(network: Network, tickDuration: Double, recording: RecordingPlan = .spikesOnly,
              arithmetic: ChipArithmetic = .floatingPoint) throws {
    guard tickDuration > 0 && tickDuration.isFinite else {
      throw SpikelineError.field("tickDuration", "must be > 0 seconds (got \(tickDuration))")
    }
    if case .fixedPoint(let format) = arithmetic, let error = format.validationErrors().first { throw error }
    self.network = network
    self.tickDuration = tickDuration
    self.recording = recording
    self.arithmetic = arithmetic
    counters = SimulationCounters(network: network)
    try compile()
    try resetState()
  }

  /// Compiles the network for chip time: populations with their per-tick coefficients, membrane
  /// probes, and projections with delays in whole ticks, targets as global unit indices.
  private func compile() throws {
    // Models are looked up once, outside the loops (this also sidesteps a Swift 6.3 optimizer crash
    // on enum payloads borrowed inside `compile`).
    let models = Self.models(of: network)
    compilePopulations(models)
    try compileProbes(models)
    var maxDelay = 1
    for (index, projection) in network.projections.enumerated() {
      guard let model = models[projection.target.index] else { continue }
      let ticks = try Self.delayTicks(of: projection, index: index, tickDuration: tickDuration)
      maxDelay = max(maxDelay, Int(ticks.max() ?? 1))
      projections.append(compiled(projection, synapse: model.synapse, delayTicks: ticks))
    }
    outgoing = network.outgoingProjections().map { $0.map(\.index) }
    ringSize = maxDelay + 1
    ring = Array(repeating: [], count: ringSize)
  }

  private func compilePopulations(_ models: [NeuronModel?]) {
    var offset = 0
    for index in network.populations.indices {
      let size = network.populations[index].size
      let coefficients = models[index].map { ChipCoefficients(model: $0, tickDuration: tickDuration) }
      var fixed: FixedPointCoefficients? = nil
      if case .fixedPoint(let format) = arithmetic, let coefficients {
        fixed = FixedPointCoefficients(coefficients, format: format)
      }
      populations.append(CompiledPopulation(
        offset: offset, size: size, coefficients: coefficients, fixedCoefficients: fixed,
        recordsSpikes: recording.spikes.contains(PopulationID(index)), probes: []))
      offset += size
    }
  }

  private func compileProbes(_ models: [NeuronModel?]) throws {
    for (probeIndex, probe) in recording.membranes.enumerated() {
      guard network.populations.indices.contains(probe.population.index) else {
        throw SpikelineError.field("recording.membranes[\(probeIndex)].population", "\(probe.population) does not exist")
      }
      let populationName = network.populations[probe.population.index].name
      let populationSize = network.populations[probe.population.index].size
      if models[probe.population.index] == nil {
        throw SpikelineError.field("recording.membranes[\(probeIndex)].population", "'\(populationName)' is a spike source and has no membrane")
      }
      for neuron in probe.neurons {
        guard (0..<populationSize).contains(neuron) else {
          throw SpikelineError.field("recording.membranes[\(probeIndex)].neurons", "neuron \(neuron) is out of range 0..<\(populationSize)")
        }
        populations[probe.population.index].probes.append((neuron, membranes.count))
        membranes.append(MembraneTrace(population: probe.population, neuron: neuron))
      }
    }
  }

  /// Each synapse's delay in whole ticks (at least one, at most 1,000,000).
  /// - Throws: `SpikelineError` naming the projection for a delay that is not a whole number of ticks.
  private static func delayTicks(of projection: Projection, index: Int, tickDuration: Double) throws -> [Int32] {
    let table = projection.synapses
    var ticks = [Int32](repeating: 0, count: table.count)
    for k in 0..<table.count {
      let delay = table.delays[k]
      let exact = delay / tickDuration
      let whole = exact.rounded()
      if abs(exact - whole) > 1e-6 * max(1, whole) {
        throw SpikelineError.field("projections[\(index)].delay",
          "\(delay) s is not a whole number of \(tickDuration) s ticks (synapse \(k) of '\(projection.name)')")
      }
      if whole < 1 {
        throw SpikelineError.field("projections[\(index)].delay",
          "must be at least one tick (\(tickDuration) s) in chip time (got \(delay) s on '\(projection.name)')")
      }
      if !(whole <= 1_000_000) {
        throw SpikelineError.field("projections[\(index)].delay",
          "\(delay) s is \(String(format: "%.3g", exact)) ticks, longer than the limit of 1,000,000 ticks (synapse \(k) of '\(projection.name)')")
      }
      ticks[k] = Int32(whole)
    }
    return ticks
  }

  /// A projection's synapse table in the engine's form: global target indices, single-precision
  /// (and, in fixed point, integer) weights, and delays stored per synapse only when they differ.
  private func compiled(_ projection: Projection, synapse: NeuronModel.SynapseKind, delayTicks ticks: [Int32]) -> CompiledProjection {
    let table = projection.synapses
    let destination: Destination
    if synapse == .exponential {
      destination = projection.receptor == .excitatory ? .excitatoryCurrent : .inhibitoryCurrent
    } else {
      destination = .membraneInput
    }
    let uniform = ticks.first.map { first in ticks.allSatisfy { $0 == first } } ?? true
    let targetOffset = populations[projection.target.index].offset
    return CompiledProjection(
      targetOffset: targetOffset, destination: destination,
      rowStart: table.rowStart.map { UInt32($0) },
      targets: table.targets.map { UInt32(Int($0) + targetOffset) },
      weights: table.weights.map { Float($0) },
      fixedWeights: arithmetic.format.map { format in table.weights.map { format.quantize(weight: $0) } } ?? [],
      delayTicks: uniform ? [] : ticks, uniformDelay: ticks.first ?? 1)
  }

  @inline(never)
  static func models(of network: Network) -> [NeuronModel?] {
    var result: [NeuronModel?] = []
    for population in network.populations { result.append(population.model) }
    return result
  }

  /// Puts the simulation back at tick 0 with the network's initial state (compiled synapses are kept).
  /// - Complexity: O(*N*) in the number of neurons and sources.
  public func resetState() throws {
    tick = 0
    let units = network.unitCount
    potential = [Float](repeating: 0, count: units)
    excitatory = [Float](repeating: 0, count: units)
    inhibitory = [Float](repeating: 0, count: units)
    input = [Float](repeating: 0, count: units)
    refractory = [Int32](repeating: 0, count: units)
    let format = arithmetic.format
    if format != nil {
      fixedPotential = [Int64](repeating: 0, count: units)
      fixedExcitatory = fixedPotential; fixedInhibitory = fixedPotential; fixedInput = fixedPotential
    }
    for (index, population) in populations.enumerated() where population.coefficients != nil {
      let initial = network.initialPotentials(of: PopulationID(index))
      for neuron in 0..<population.size {
        potential[population.offset + neuron] = Float(initial[neuron])
        if let format { fixedPotential[population.offset + neuron] = format.quantize(potential: initial[neuron]) }
      }
    }
    for slot in ring.indices { ring[slot].removeAll(keepingCapacity: true) }
    counters = SimulationCounters(network: network)
    recordedSpikes = network.populations.indices.compactMap { index in
      populations[index].recordsSpikes ? PopulationSpikes(population: PopulationID(index)) : nil
    }
    for index in membranes.indices { membranes[index].times.removeAll(); membranes[index].potentials.removeAll() }
    sources = try network.populations.indices.map { index in
      try SourceSchedule(population: network.populations[index], index: index, seed: network.seed, tickDuration: tickDuration)
    }
  }

  /// Replaces the spikes of a source population and restarts from tick 0 (for running many samples).
  public func restart(replacing source: PopulationID, with spikes: SpikeSource) throws {
    try network.setSource(source, spikes)
    try resetState()
  }

  /// Simulates `count` more ticks.
  /// - Complexity: O(`count` × *N* + *E*): every neuron is updated every tick; *E* synaptic events are delivered.
  public func run(ticks count: Int) {
    for _ in 0..<max(0, count) { step() }
  }

  /// Simulates until `time` seconds (the ticks whose time t·Δt is below `time`).
  public func run(until time: Double) {
    let end = Int((time / tickDuration * (1 - 1e-12)).rounded(.up))
    run(ticks: end - tick)
  }

  /// Simulated time, seconds.
  public var time: Double { Double(tick) * tickDuration }

  /// What has been recorded and counted so far.
  public var result: SimulationResult {
    SimulationResult(timeModel: .chip(tickDuration: tickDuration), duration: time, ticks: tick,
                     spikes: recordedSpikes, membranes: membranes, counters: counters)
  }
}
