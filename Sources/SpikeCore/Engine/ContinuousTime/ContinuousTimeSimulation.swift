import SpikelineSupport

/// Simulates a `Network` in continuous time, event by event.
///
/// Between events a neuron is advanced with the closed-form solution of its ODE (never a fixed
/// step). After every input the next threshold crossing is predicted exactly with
/// `ExponentialSum` (or bounded from below, and checked again at the bound) and becomes the
/// neuron's one wake-up in `NeuronWakeups`; a later input replaces it. Deliveries, sources and
/// probes are kept in a binary heap; both heaps are ordered by (time, sequence) from one counter, so
/// simultaneous events run in the order they were scheduled and runs are deterministic. Delays may
/// be any time ≥ 0 seconds.
public final class ContinuousTimeSimulation {
  /// The network simulated (sources may be replaced between runs).
  public private(set) var network: Network
  /// What the simulation records besides its counters.
  public let recording: RecordingPlan
  /// Current simulated time, seconds.
  public internal(set) var time: Double = 0

  let dynamics: [ContinuousDynamics?]
  let offsets: [Int]
  let populationOfUnit: [Int32]
  let outgoing: [[Int]]
  /// Closed-form updates per population since the last reset (added to the counters in `result`).
  let neuronUpdates: UnitBuffer<Int>

  // Per-unit state (sources' slots unused), in buffers held by `let`: no exclusivity check per access.
  let potential: UnitBuffer<Double>
  let excitatory: UnitBuffer<Double>
  let inhibitory: UnitBuffer<Double>
  let lastUpdate: UnitBuffer<Double>
  let refractoryUntil: UnitBuffer<Double>

  var queue = EventQueue()
  var wakeups: NeuronWakeups
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
    let units = network.unitCount
    potential = UnitBuffer(repeating: 0, count: units)
    excitatory = UnitBuffer(repeating: 0, count: units)
    inhibitory = UnitBuffer(repeating: 0, count: units)
    lastUpdate = UnitBuffer(repeating: 0, count: units)
    refractoryUntil = UnitBuffer(repeating: -.infinity, count: units)
    wakeups = NeuronWakeups(units: units)
    if !(recording.probeInterval > 0) {
      throw SpikelineError.field("recording.probeInterval", "must be > 0 seconds (got \(recording.probeInterval))")
    }
    var offset = 0
    var offsets: [Int] = [], populationOfUnit: [Int32] = [], dynamics: [ContinuousDynamics?] = []
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
    self.offsets = offsets
    self.populationOfUnit = populationOfUnit
    self.dynamics = dynamics
    neuronUpdates = UnitBuffer(repeating: 0, count: network.populations.count)
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
    for buffer in [potential, excitatory, inhibitory, lastUpdate] { buffer.fill(with: 0) }
    refractoryUntil.fill(with: -.infinity)
    queue.removeAll()
    wakeups.removeAll()
    counters = SimulationCounters(network: network)
    neuronUpdates.fill(with: 0)
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
    while failure == nil, let next = nextEventTime, next <= end {
      _ = step()
    }
    if end > time { time = end }
  }

  /// Processes the next event; returns false when there is none.
  /// - Complexity: O(log *q*) for the queue, plus the event's work (one run of synapses, or one crossing search).
  @discardableResult
  public func step() -> Bool {
    guard failure == nil else { return false }
    let event = queue.first
    if let wakeup = wakeups.first,
       event.map({ wakeup.time < $0.time || (wakeup.time == $0.time && wakeup.sequence < $0.sequence) }) ?? true {
      time = wakeup.time
      handleWakeup(wakeup.unit, kind: wakeup.kind)
      return true
    }
    guard let event = queue.pop() else { return false }
    time = event.time
    handle(event)
    #if SPIKELINE_INTERNAL_CHECKS
    if queue.count < 64 { queue.checkInvariants() }
    #endif
    return true
  }

  /// The time of the next event, if any.
  public var nextEventTime: Double? {
    switch (queue.first?.time, wakeups.first?.time) {
    case (let a?, let b?): return min(a, b)
    case (let a?, nil): return a
    case (nil, let b?): return b
    case (nil, nil): return nil
    }
  }

  /// What has been recorded and counted so far.
  public var result: SimulationResult {
    var counters = self.counters
    for index in counters.populations.indices { counters.populations[index].neuronUpdates += neuronUpdates[index] }
    return SimulationResult(timeModel: .continuous, duration: time, ticks: 0, spikes: recordedSpikes,
                            membranes: membranes, counters: counters)
  }

  /// The membrane potential of a neuron at the current time, volts.
  public func membranePotential(of population: PopulationID, neuron: Int) -> Double {
    potentialNow(offsets[population.index] + neuron, population: population.index)
  }
}
