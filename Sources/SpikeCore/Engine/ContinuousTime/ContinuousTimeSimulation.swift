import SpikelineSupport

/// Simulates a `Network` in continuous time, event by event.
///
/// Between events a neuron is advanced with the closed-form solution of its ODE (never a fixed
/// step). After every input the next threshold crossing is predicted exactly with
/// `ExponentialSum` and scheduled; a later input invalidates the prediction. Events are kept in
/// a binary heap ordered by (time, sequence), so simultaneous events run in the order they were
/// scheduled and runs are deterministic. Delays may be any time ≥ 0 seconds.
public final class ContinuousTimeSimulation {
  /// The network simulated (sources may be replaced between runs).
  public private(set) var network: Network
  /// What the simulation records besides its counters.
  public let recording: RecordingPlan
  /// Current simulated time, seconds.
  public internal(set) var time: Double = 0

  var dynamics: [ContinuousDynamics?] = []
  var offsets: [Int] = []
  var populationOfUnit: [Int32] = []
  var outgoing: [[Int]] = []

  // Per-unit state (sources' slots unused).
  var potential: [Double] = []
  var excitatory: [Double] = []
  var inhibitory: [Double] = []
  var lastUpdate: [Double] = []
  var refractoryUntil: [Double] = []
  var version: [UInt32] = []

  var queue = EventQueue()
  /// Spikes of the unit that last spiked at `burstTime`, for the runaway guard.
  var burstUnit = -1
  var burstTime = -Double.infinity
  var burstCount = 0
  /// Why the run stopped early, if it did (a neuron firing without end at one instant).
  public internal(set) var failure: SpikelineError?
  /// Spikes one neuron may fire at one instant before the run stops: a potential many thresholds
  /// above threshold with reset by subtraction would otherwise fire without end.
  public static let maximumSpikesPerInstant = 10_000
  var sourceCursor: [[Int]] = []
  var sourceTimes: [[[Double]]] = []
  var poisson: [(rate: Double, generator: SeededGenerator)?] = []

  var counters: SimulationCounters
  var recordedSpikes: [PopulationSpikes] = []
  var membranes: [MembraneTrace] = []
  var recordedSlot: [Int?] = []

  /// Prepares `network` for a continuous-time run.
  /// - Throws: `SpikelineError` for models or sources that exist only in chip time (the
  ///   discrete-sum rule, `spikeTicks`) and for probes naming neurons that do not exist.
  /// - Complexity: O(*N* + sources' spikes): per-neuron state and the first event of every source.
  public init(network: Network, recording: RecordingPlan = .spikesOnly) throws {
    self.network = network
    self.recording = recording
    counters = SimulationCounters(network: network)
    if !(recording.probeInterval > 0) {
      throw SpikelineError.field("recording.probeInterval", "must be > 0 seconds (got \(recording.probeInterval))")
    }
    var offset = 0
    for (index, population) in network.populations.enumerated() {
      offsets.append(offset)
      offset += population.size
      populationOfUnit += [Int32](repeating: Int32(index), count: population.size)
      let model = population.model
      if let model, model.integration == .discreteSum {
        throw SpikelineError.field("populations[\(index)].integration",
          "'\(population.name)' uses the discreteSum rule, which is defined in chip time only")
      }
      dynamics.append(model.map(ContinuousDynamics.init))
    }
    outgoing = network.outgoingProjections().map { $0.map(\.index) }
    for (probeIndex, probe) in recording.membranes.enumerated() {
      guard network.populations.indices.contains(probe.population.index), dynamics[probe.population.index] != nil else {
        throw SpikelineError.field("recording.membranes[\(probeIndex)].population", "\(probe.population) is not a neuron population")
      }
      for neuron in probe.neurons {
        guard (0..<network.populations[probe.population.index].size).contains(neuron) else {
          throw SpikelineError.field("recording.membranes[\(probeIndex)].neurons", "neuron \(neuron) is out of range")
        }
        membranes.append(MembraneTrace(population: probe.population, neuron: neuron))
      }
    }
    try resetState()
  }

  /// Puts the simulation back at time 0 with the network's initial state.
  public func resetState() throws {
    time = 0
    let units = network.unitCount
    potential = [Double](repeating: 0, count: units)
    excitatory = potential; inhibitory = potential; lastUpdate = potential
    refractoryUntil = [Double](repeating: -.infinity, count: units)
    version = [UInt32](repeating: 0, count: units)
    queue.removeAll()
    counters = SimulationCounters(network: network)
    recordedSlot = []
    recordedSpikes = []
    for index in network.populations.indices {
      if recording.spikes.contains(PopulationID(index)) {
        recordedSlot.append(recordedSpikes.count)
        recordedSpikes.append(PopulationSpikes(population: PopulationID(index)))
      } else {
        recordedSlot.append(nil)
      }
    }
    for index in membranes.indices { membranes[index].times.removeAll(); membranes[index].potentials.removeAll() }
    sourceCursor = []; sourceTimes = []; poisson = []
    for (index, population) in network.populations.enumerated() {
      var times: [[Double]] = []
      var generator: (Double, SeededGenerator)? = nil
      switch population.role {
      case .neurons:
        let initial = network.initialPotentials(of: PopulationID(index))
        for neuron in 0..<population.size { potential[offsets[index] + neuron] = initial[neuron] }
      case .source(.spikeTimes(let lists)):
        times = lists.map { $0.sorted() }
      case .source(.spikeTicks):
        throw SpikelineError.field("populations[\(index)].spikeTicks",
          "'\(population.name)' gives spikes in ticks, which exist only in chip time; use spike times in seconds")
      case .source(.poisson(let rate)):
        generator = (rate, SeededGenerator(seed: network.seed, stream: "poisson:" + population.name))
      }
      sourceTimes.append(times)
      sourceCursor.append([Int](repeating: 0, count: times.count))
      poisson.append(generator.map { (rate: $0.0, generator: $0.1) })
    }
    // First spike of every source neuron, then the first probe sample, then autonomous crossings.
    for (index, population) in network.populations.enumerated() where population.isSource {
      for neuron in 0..<population.size { scheduleNextSourceSpike(population: index, neuron: neuron, after: 0, first: true) }
    }
    if !membranes.isEmpty { queue.push(time: 0, kind: .probe, 0) }
    for (index, population) in network.populations.enumerated() where dynamics[index] != nil {
      for neuron in 0..<population.size { predictCrossing(offsets[index] + neuron, population: index) }
    }
  }

  /// Processes every event up to and including `end` seconds, then sets the clock to `end`.
  /// - Complexity: O(*k* log *q*) for *k* events handled and at most *q* events pending; each synaptic event costs one closed-form update of its target.
  public func run(until end: Double) {
    while failure == nil, let next = queue.first, next.time <= end {
      _ = step()
    }
    if end > time { time = end }
  }

  /// Processes the next event; returns false when there is none.
  /// - Complexity: O(log *q*) for the queue, plus the event's work (one run of synapses, or one crossing search).
  @discardableResult
  public func step() -> Bool {
    guard failure == nil, let event = queue.pop() else { return false }
    time = event.time
    handle(event)
    #if SPIKELINE_INTERNAL_CHECKS
    if queue.count < 64 { queue.checkInvariants() }
    #endif
    return true
  }

  /// The time of the next event, if any.
  public var nextEventTime: Double? { queue.first?.time }

  /// What has been recorded and counted so far.
  public var result: SimulationResult {
    SimulationResult(timeModel: .continuous, duration: time, ticks: 0, spikes: recordedSpikes,
                     membranes: membranes, counters: counters)
  }

  /// The membrane potential of a neuron at the current time, volts.
  public func membranePotential(of population: PopulationID, neuron: Int) -> Double {
    potentialNow(offsets[population.index] + neuron, population: population.index)
  }
}
