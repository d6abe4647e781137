/// The spikes one population emitted, in emission order (time, then neuron index).
public struct PopulationSpikes: Sendable, Equatable {
  /// The population the spikes belong to.
  public var population: PopulationID
  /// Neuron index within the population of each spike.
  public var neurons: [Int32] = []
  /// Spike time of each spike, seconds.
  public var times: [Double] = []
  /// Chip tick of each spike (chip time only; empty in continuous time).
  public var ticks: [Int32] = []

  /// No spikes of `population` yet.
  public init(population: PopulationID) { self.population = population }

  /// The number of spikes recorded.
  public var count: Int { neurons.count }

  /// The spike times of one neuron, seconds.
  public func times(of neuron: Int) -> [Double] {
    var result: [Double] = []
    for k in neurons.indices where Int(neurons[k]) == neuron { result.append(times[k]) }
    return result
  }

  /// The spike ticks of one neuron (empty for a continuous-time run, which has no ticks).
  public func ticks(of neuron: Int) -> [Int] {
    guard ticks.count == neurons.count else { return [] }
    var result: [Int] = []
    for k in neurons.indices where Int(neurons[k]) == neuron { result.append(Int(ticks[k])) }
    return result
  }
}

/// Sampled membrane potential of one neuron.
public struct MembraneTrace: Sendable, Equatable {
  /// The population of the probed neuron.
  public var population: PopulationID
  /// The probed neuron, an index in the population.
  public var neuron: Int
  /// Sample times, seconds.
  public var times: [Double] = []
  /// Potential at each sample, volts. In chip time this is the value compared with the threshold
  /// at that tick (before any reset).
  public var potentials: [Double] = []
}

/// How time advanced in a simulation.
public enum TimeModel: Sendable, Equatable {
  /// Integer ticks of this many seconds.
  case chip(tickDuration: Double)
  /// Real-valued event times.
  case continuous
}

/// What a finished (or paused) simulation produced.
public struct SimulationResult: Sendable {
  /// Chip ticks (with their duration) or continuous time.
  public var timeModel: TimeModel
  /// Simulated time, seconds.
  public var duration: Double
  /// Ticks simulated (chip time), else 0.
  public var ticks: Int
  /// Recorded spikes, one entry per population in the recording plan.
  public var spikes: [PopulationSpikes]
  /// Sampled membrane potentials, one trace per probed neuron in plan order.
  public var membranes: [MembraneTrace]
  /// Everything counted during the run.
  public var counters: SimulationCounters

  /// Recorded spikes of one population (empty if not recorded).
  public func spikes(of population: PopulationID) -> PopulationSpikes {
    spikes.first { $0.population == population } ?? PopulationSpikes(population: population)
  }

  /// The membrane trace of one neuron, if probed.
  public func membrane(of population: PopulationID, neuron: Int) -> MembraneTrace? {
    membranes.first { $0.population == population && $0.neuron == neuron }
  }
}
