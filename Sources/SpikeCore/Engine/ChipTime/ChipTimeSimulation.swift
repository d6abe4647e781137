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

  /// How a projection's delays become ticks.
  enum CompiledDelay {
    /// Every synapse has this many ticks.
    case uniform(Int32)
    /// Synapse k has `ticks[code(k)]` ticks (the table's delay palette, converted once).
    case palette([Int32])
    /// Each synapse's own delay, rounded to ticks when its spike is scheduled (checked whole at compile).
    case perSynapse
  }

  /// A projection as the engine reads it: the network's own synapse table (shared, not copied)
  /// and where its weights go.
  struct CompiledProjection {
    var table: SynapseTable
    var targetPopulation: Int
    var targetOffset: Int
    var destination: Destination
    /// Single-precision weights (floating-point arithmetic only): the table's own, or a copy of
    /// fixed-point ones in volts.
    var weights: SynapseColumn<Float>?
    /// Weights as integers (fixed-point arithmetic only), when the table does not store them in
    /// this format already.
    var fixedWeights: SynapseColumn<Int32>?
    /// The table's own 16-bit integers, when they are in this simulation's format.
    var storedFixedWeights: SynapseColumn<Int16>?
    var delay: CompiledDelay
  }

  /// The projections that leave each population, in one flat list: population p's are
  /// `projections[first[p]..<first[p + 1]]` (a list per population would cost a reference count per spike).
  struct OutgoingProjections {
    var first: [Int]
    var projections: [Int]

    init(byPopulation lists: [[Int]]) {
      first = [0]
      projections = []
      for list in lists { projections += list; first.append(projections.count) }
    }
  }

  /// The addresses a tick's delivery reads, with no reference counting: valid while `projections` holds the tables.
  struct ProjectionView {
    var rowStart: UnsafePointer<Int>
    var targets: UnsafePointer<UInt32>
    var weights: UnsafePointer<Float>?
    var fixedWeights: UnsafePointer<Int32>?
    var fixedWeights16: UnsafePointer<Int16>?
    var targetPopulation: Int
    var targetOffset: Int
    var destination: Destination
    var uniformDelay: Int32?
  }

  var populations: [CompiledPopulation] = []
  var projections: [CompiledProjection] = []
  var views: [ProjectionView] = []
  var outgoing = OutgoingProjections(byPopulation: [])
  /// Which neurons each thread owns (one entry for a single-threaded engine).
  var partitions: [ChipPartition] = []
  /// Threads that run each tick's delivery and neuron update (1: the calling thread only).
  public let threadCount: Int
  /// The other processes this one shares the network with (nil: this process simulates all of it).
  public let exchange: SpikeExchange?
  /// Time and traffic of the spike exchange between ranks so far (zero without `exchange`).
  public internal(set) var exchangeStatistics = SpikeExchangeStatistics()
  /// Buffers of the rank exchange, reused every tick (see ChipTimeSimulation+Ranks).
  var rankBuffers = RankBuffers()
  /// Whether this rank's tables hold only the synapses onto its own neurons (`Network.keepRankShare`):
  /// then its deliveries are its share of each spike's synapses, and the synaptic events of every
  /// rank are summed at each tick's exchange so that the counters stay those of the whole network.
  let holdsRankShare: Bool
  /// Per population: the neurons this rank simulates (every neuron without ranks).
  let rankSlice: [Range<Int>]
  /// Per-thread scheduling state and the threads' shared mailbox of a free run (ChipTimeSimulation+Lanes).
  var lanes: [TickLane] = []
  /// The threads of this simulation's runs, started by the first run that needs them and kept until
  /// the simulation goes: a run in parts (progress, a stepper) would otherwise start and join its
  /// threads for every part, about a millisecond each on a virtual machine.
  var team: TickWorkers {
    if let workers, workers.threadCount == threadCount { return workers }
    let started = TickWorkers(threads: threadCount)
    workers = started
    return started
  }
  private var workers: TickWorkers?
  var mailbox: TickMailbox?
  /// Thread 0's counts during a free run (ChipTally), kept between runs.
  var tally: ChipTally?

  // Neuron state, one slot per unit of the network (sources' slots unused).
  var potential = UnitBuffer<Float>(repeating: 0, count: 0)
  var excitatory = UnitBuffer<Float>(repeating: 0, count: 0)
  var inhibitory = UnitBuffer<Float>(repeating: 0, count: 0)
  var input = UnitBuffer<Float>(repeating: 0, count: 0)
  var refractory = UnitBuffer<Int32>(repeating: 0, count: 0)
  // Fixed-point state (64-bit so deliveries never overflow; saturated once per tick).
  var fixedPotential = UnitBuffer<Int64>(repeating: 0, count: 0)
  var fixedExcitatory = UnitBuffer<Int64>(repeating: 0, count: 0)
  var fixedInhibitory = UnitBuffer<Int64>(repeating: 0, count: 0)
  var fixedInput = UnitBuffer<Int64>(repeating: 0, count: 0)

  // Timing wheel: bucket (t mod ringSize) holds the deliveries due at tick t.
  var ring: [[PendingDelivery]] = []
  var ringSize = 1
  var delivering: [PendingDelivery] = []

  var sources: [SourceSchedule] = []
  var spikesThisTick: [SpikeEvent] = []

  /// Counters, recorded spikes and membrane traces.
  var recorder: ChipRecorder

  /// Without an explicit thread count, each thread owns at least this many neurons (smaller networks
  /// run on fewer threads, a network below twice this on one).
  public static var automaticNeuronsPerThread: Int { ChipPartition.minimumNeuronsPerThread }

  /// Compiles `network` for ticks of `tickDuration` seconds.
  /// - Throws: `SpikelineError` if a delay is not a whole number of ticks or shorter than one tick,
  ///   if a model is not defined in chip time, or if a probe names a neuron that does not exist.
  /// - Complexity: O(*N*) for *N* neurons, plus O(*n*) for *n* synapses only when delays are stored
  ///   per synapse or the arithmetic is fixed point: synapse tables are shared with the network, not copied.
  /// - Parameter threads: threads that share each tick (neurons are split among them the way a chip
  ///   splits them among cores); nil takes `SPIKELINE_THREADS` or the processor count, capped so every
  ///   thread owns at least `automaticNeuronsPerThread` neurons. Results are byte-identical
  ///   for any thread count.
  /// - Parameter exchange: with ranks, this process simulates only its rank's slice of every
  ///   population and exchanges spikes with the others at every tick; the result (spikes, probes,
  ///   counters) is complete on every rank and byte-identical to a single process's. A network built
  ///   with `keepRankShare(of: exchange)` holds only this rank's synapses (ranks divide the memory);
  ///   an `observer` then sees this rank's deliveries only.
  /// - Throws: also if the network keeps a share of its synapses that does not cover this rank's neurons.
  public init(network: Network, tickDuration: Double, recording: RecordingPlan = .spikesOnly,
              arithmetic: ChipArithmetic = .floatingPoint, threads: Int? = nil, ranks exchange: SpikeExchange? = nil) throws {
    guard tickDuration > 0 && tickDuration.isFinite else {
      throw SpikelineError.field("tickDuration", "must be > 0 seconds (got \(tickDuration))")
    }
    if case .fixedPoint(let format) = arithmetic, let error = format.validationErrors().first { throw error }
    self.network = network
    self.tickDuration = tickDuration
    self.recording = recording
    self.arithmetic = arithmetic
    self.exchange = exchange
    let sizes = network.populations.map(\.size)
    let owned = ChipPartition.rankSlices(populationSizes: sizes, exchange: exchange)
    rankSlice = owned
    holdsRankShare = !network.keepsEverySynapse
    if holdsRankShare {
      let share = network.synapseShare ?? []
      for (index, population) in network.populations.enumerated() where !population.isSource {
        let mine = owned[index], kept = share[index]
        guard exchange != nil, mine.isEmpty || (kept.lowerBound <= mine.lowerBound && mine.upperBound <= kept.upperBound) else {
          throw SpikelineError.field("ranks", "the network keeps the synapses onto neurons \(kept) of '\(population.name)' only, but this rank simulates neurons \(mine): build it with keepRankShare(of:) and the same exchange")
        }
      }
    }
    threadCount = ChipPartition.threadCount(requested: threads, neurons: owned.reduce(0) { $0 + $1.count })
    recorder = ChipRecorder(counters: SimulationCounters(network: network))
    try compile()
    partitions = ChipPartition.split(owned, threads: threadCount)
    // (Ranks keep their binary search: a rank's tables may hold only its share of each row.)
    if partitions.count > 1 && !isRanked {
      let rowCounts = projections.map { $0.table.rowStart.count - 1 }
      ChipPartition.prepareRowCuts(partitions, views: views, rowCounts: rowCounts)
    }
    prepareRanks(populationSizes: sizes)
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
      let (delay, longest) = try Self.compiledDelay(of: projection, index: index, tickDuration: tickDuration)
      maxDelay = max(maxDelay, longest)
      projections.append(compiled(projection, synapse: model.synapse, delay: delay))
    }
    views = projections.map { projection in
      var uniform: Int32? = nil
      if case .uniform(let ticks) = projection.delay { uniform = ticks }
      return ProjectionView(
        rowStart: projection.table.rowStart.baseAddress, targets: projection.table.targets.baseAddress,
        weights: projection.weights?.baseAddress, fixedWeights: projection.fixedWeights?.baseAddress,
        fixedWeights16: projection.storedFixedWeights?.baseAddress,
        targetPopulation: projection.targetPopulation, targetOffset: projection.targetOffset,
        destination: projection.destination, uniformDelay: uniform)
    }
    outgoing = OutgoingProjections(byPopulation: network.outgoingProjections().map { $0.map(\.index) })
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
        populations[probe.population.index].probes.append((neuron, recorder.membranes.count))
        recorder.membranes.append(MembraneTrace(population: probe.population, neuron: neuron))
      }
    }
  }

  /// A delay in whole ticks (at least one, at most 1,000,000).
  /// - Throws: `SpikelineError` naming the projection for a delay that is not a whole number of ticks.
  private static func ticks(of delay: Double, synapse k: Int, projection: Projection, index: Int, tickDuration: Double) throws -> Int32 {
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
    return Int32(whole)
  }

  /// A projection's delays in ticks, and the longest of them.
  private static func compiledDelay(of projection: Projection, index: Int, tickDuration: Double) throws -> (CompiledDelay, Int) {
    let table = projection.synapses
    if table.count == 0 { return (.uniform(1), 1) }
    switch table.delays {
    case .uniform(let delay):
      let ticks = try ticks(of: delay, synapse: 0, projection: projection, index: index, tickDuration: tickDuration)
      return (.uniform(ticks), Int(ticks))
    case .palette8(let values, _), .palette16(let values, _):
      var ticks: [Int32] = []
      for value in values {
        // Name a synapse that has this delay in the error.
        guard let k = (0..<table.count).first(where: { table.delays[$0] == value }) else { ticks.append(1); continue }
        ticks.append(try Self.ticks(of: value, synapse: k, projection: projection, index: index, tickDuration: tickDuration))
      }
      return (.palette(ticks), Int(ticks.max() ?? 1))
    case .perSynapse(let delays):
      var longest: Int32 = 1
      for k in 0..<delays.count {
        longest = max(longest, try ticks(of: delays[k], synapse: k, projection: projection, index: index, tickDuration: tickDuration))
      }
      return (.perSynapse, Int(longest))
    }
  }

  /// A projection in the engine's form: the network's table itself (no copy) and the weights in the
  /// simulation's arithmetic (the table's own when it stores them that way; else a converted copy).
  private func compiled(_ projection: Projection, synapse: NeuronModel.SynapseKind, delay: CompiledDelay) -> CompiledProjection {
    let table = projection.synapses
    let destination: Destination
    if synapse == .exponential {
      destination = projection.receptor == .excitatory ? .excitatoryCurrent : .inhibitoryCurrent
    } else {
      destination = .membraneInput
    }
    var compiled = CompiledProjection(
      table: table, targetPopulation: projection.target.index,
      targetOffset: populations[projection.target.index].offset, destination: destination, delay: delay)
    if let format = arithmetic.format {
      if let stored = table.weights.fixedPoint, stored.format == format {
        compiled.storedFixedWeights = stored.column
      } else {
        compiled.fixedWeights = SynapseColumn(table.weights.lazy.map { format.quantize(weight: Double($0)) })
      }
    } else {
      compiled.weights = table.weights.singlePrecision ?? SynapseColumn(table.weights)
    }
    return compiled
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
    potential = UnitBuffer(repeating: 0, count: units)
    excitatory = UnitBuffer(repeating: 0, count: units)
    inhibitory = UnitBuffer(repeating: 0, count: units)
    input = UnitBuffer(repeating: 0, count: units)
    refractory = UnitBuffer(repeating: 0, count: units)
    let format = arithmetic.format
    if format != nil {
      fixedPotential = UnitBuffer(repeating: 0, count: units)
      fixedExcitatory = UnitBuffer(repeating: 0, count: units)
      fixedInhibitory = UnitBuffer(repeating: 0, count: units)
      fixedInput = UnitBuffer(repeating: 0, count: units)
    }
    for (index, population) in populations.enumerated() where population.coefficients != nil {
      let initial = network.initialPotentials(of: PopulationID(index))
      for neuron in 0..<population.size {
        potential[population.offset + neuron] = Float(initial[neuron])
        if let format { fixedPotential[population.offset + neuron] = format.quantize(potential: initial[neuron]) }
      }
    }
    for slot in ring.indices { ring[slot].removeAll(keepingCapacity: true) }
    recorder.counters = SimulationCounters(network: network)
    let recordedSpikes = network.populations.indices.compactMap { index in
      populations[index].recordsSpikes ? PopulationSpikes(population: PopulationID(index)) : nil
    }
    recorder.recordedSpikes = recordedSpikes
    recorder.recordedSlot = network.populations.indices.map { index in
      recordedSpikes.firstIndex { $0.population.index == index }
    }
    for index in recorder.membranes.indices {
      recorder.membranes[index].times.removeAll()
      recorder.membranes[index].potentials.removeAll()
    }
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
    guard count > 0 else { return }
    if !isRanked && count > 1 {
      runFreely(ticks: count, workers: team)
      return
    }
    for _ in 0..<count { step(workers: threadCount > 1 && count > 1 ? team : nil) }
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
                     spikes: recorder.recordedSpikes, membranes: recorder.membranes, counters: recorder.counters)
  }
}
