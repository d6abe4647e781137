import SpikelineSupport

/// Identifies a population within its `Network`.
public struct PopulationID: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The population's position in `Network.populations`.
  public let index: Int
  /// The population at position `index`.
  public init(_ index: Int) { self.index = index }
  /// Orders populations as they were added.
  public static func < (a: PopulationID, b: PopulationID) -> Bool { a.index < b.index }
  /// "population N", for messages.
  public var description: String { "population \(index)" }
}

/// A group of neurons sharing one model, or a group of spike sources.
public struct Population: Sendable {
  /// What the population's units are.
  public enum Role: Sendable {
    /// Integrate-and-fire neurons.
    case neurons(NeuronModel)
    /// Spike sources: inputs to the network, with no state of their own.
    case source(SpikeSource)
  }

  /// The membrane potential at time 0.
  public enum InitialPotential: Sendable, Equatable {
    /// V_rest of the model.
    case resting
    /// The same value for every neuron, volts.
    case constant(Double)
    /// Uniform in [low, high) volts, drawn from the network's seed.
    case uniform(Double, Double)
    /// One value per neuron, volts.
    case values([Double])
  }

  /// A name unique in its network, used in reports and scenario files.
  public var name: String
  /// The number of neurons (or sources).
  public var size: Int
  /// Neurons with a model, or spike sources.
  public var role: Role
  /// Where the membrane potential starts (ignored for sources).
  public var initialPotential: InitialPotential

  /// A population of `size` units.
  public init(name: String, size: Int, role: Role, initialPotential: InitialPotential = .resting) {
    self.name = name
    self.size = size
    self.role = role
    self.initialPotential = initialPotential
  }

  /// The neuron model, or nil for a source population.
  public var model: NeuronModel? {
    switch role {
    case .neurons(let model): return model
    case .source: return nil
    }
  }

  /// True for spike sources, false for neurons.
  public var isSource: Bool {
    switch role {
    case .neurons: return false
    case .source: return true
    }
  }
}

/// Where the spikes of a source population come from.
public enum SpikeSource: Sendable, Equatable {
  /// Spike times in seconds, one list per source neuron. In chip time a spike at time s is
  /// emitted at tick ⌊s/Δt + 10⁻⁶⌋ (the same rule as binning into steps of Δt).
  case spikeTimes([[Double]])
  /// Spike ticks, one list per source neuron (chip time only).
  case spikeTicks([[Int]])
  /// Independent Poisson processes, rate in hertz, drawn from the network seed. In chip time
  /// each tick spikes with probability min(1, rate·Δt).
  case poisson(rateHertz: Double)

  /// Every problem with the source for a population of `size`.
  public func validationErrors(size: Int) -> [SpikelineError] {
    var errors: [SpikelineError] = []
    switch self {
    case .spikeTimes(let lists):
      if lists.count != size {
        errors.append(.field("spikeTimes", "has \(lists.count) lists for \(size) sources"))
      }
      for (neuron, list) in lists.enumerated() {
        if let bad = list.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
          errors.append(.field("spikeTimes[\(neuron)][\(bad)]", "must be a time >= 0 seconds (got \(list[bad]))"))
        }
      }
    case .spikeTicks(let lists):
      if lists.count != size {
        errors.append(.field("spikeTicks", "has \(lists.count) lists for \(size) sources"))
      }
      for (neuron, list) in lists.enumerated() {
        if let bad = list.firstIndex(where: { $0 < 0 }) {
          errors.append(.field("spikeTicks[\(neuron)][\(bad)]", "must be a tick >= 0 (got \(list[bad]))"))
        }
      }
    case .poisson(let rate):
      if !(rate >= 0) || !rate.isFinite {
        errors.append(.field("rateHertz", "must be >= 0 Hz (got \(rate))"))
      }
    }
    return errors
  }
}
