/// What a simulation records besides its counters (counters are always kept).
public struct RecordingPlan: Sendable, Equatable {
  /// Which populations' spikes are recorded.
  public enum Selection: Sendable, Equatable {
    /// Every population.
    case all
    /// No population.
    case none
    /// These populations.
    case populations([PopulationID])

    /// Whether `population`'s spikes are recorded.
    public func contains(_ population: PopulationID) -> Bool {
      switch self {
      case .all: return true
      case .none: return false
      case .populations(let list): return list.contains(population)
      }
    }
  }

  /// Membrane potentials to sample: these neurons of this population.
  public struct Probe: Sendable, Equatable {
    /// The population probed.
    public var population: PopulationID
    /// The neurons probed, indices in the population.
    public var neurons: [Int]
    /// Probes `neurons` of `population`.
    public init(population: PopulationID, neurons: [Int]) {
      self.population = population
      self.neurons = neurons
    }
  }

  /// Populations whose spikes are recorded.
  public var spikes: Selection
  /// Membrane potentials sampled (every tick in chip time, every `probeInterval` in continuous time).
  public var membranes: [Probe]
  /// Sampling interval of membrane probes in continuous time, seconds (chip time samples every tick).
  public var probeInterval: Double

  /// A plan; `probeInterval` in seconds.
  public init(spikes: Selection = .all, membranes: [Probe] = [], probeInterval: Double = 1e-3) {
    self.spikes = spikes
    self.membranes = membranes
    self.probeInterval = probeInterval
  }

  /// Spikes of every population, no membrane probes.
  public static let spikesOnly = RecordingPlan()
  /// Counters only.
  public static let countersOnly = RecordingPlan(spikes: .none)
}
