import Foundation
import ChipModel
import SpikeCore
import SpikelineSupport

/// What `spikeline run` reports for a network scenario. It holds no wall-clock time, so the same
/// scenario and seed always give byte-identical JSON.
public struct RunReport: Codable, Sendable {
  /// The scenario file.
  public var scenario: String
  /// The scenario's description.
  public var description: String
  /// The seed the run used.
  public var seed: UInt64
  /// "chip" or "continuous".
  public var timeModel: String
  /// Simulated time, seconds.
  public var durationSeconds: Double
  /// Ticks simulated (0 in continuous time).
  public var ticks: Int
  /// Seconds per tick (nil in continuous time).
  public var tickDuration: Double?
  /// The chip profile's name.
  public var profile: String
  /// One entry per population, in network order.
  public var populations: [PopulationRunEntry]
  /// The whole network.
  public var total: PopulationRunEntry
  /// The full chip report.
  public var chip: ChipReport
}

/// One population's line of a run report: simulation counts and chip costs together.
public struct PopulationRunEntry: Codable, Sendable {
  /// The population's name, or "total".
  public var name: String
  /// Neurons (or sources).
  public var size: Int
  /// Spikes emitted.
  public var spikes: Int
  /// Mean firing rate, Hz (spikes / size / duration).
  public var rateHz: Double
  /// Synaptic events delivered to the population.
  public var synapticOps: Int
  /// Neuron state updates.
  public var neuronUpdates: Int
  /// Spike messages sent (one per spike per destination core).
  public var messages: Int
  /// Mesh hops of those messages.
  public var hops: Int
  /// Chip boundaries those messages cross.
  public var chipCrossings: Int
  /// Energy, joules, by part.
  public var energyJoules: EnergyBreakdown
  /// Chip time: for a population its slowest core's work summed over timesteps, for the total
  /// the run's chip time (estimated in continuous time), seconds.
  public var latencySeconds: Double?
  /// Bytes of synapses and neuron state on the population's cores.
  public var memoryBytes: Int
  /// Cores holding the population.
  public var coresUsed: Int
  /// Chips holding those cores (for the total: chips powered).
  public var chipsUsed: Int

  init(cost: CostEntry, size: Int, duration: Double) {
    name = cost.name
    self.size = size
    spikes = cost.spikes
    rateHz = size > 0 && duration > 0 ? Double(cost.spikes) / Double(size) / duration : 0
    synapticOps = cost.synapticOps
    neuronUpdates = cost.neuronUpdates
    messages = cost.messages
    hops = cost.hops
    chipCrossings = cost.chipCrossings
    energyJoules = cost.energyJoules
    latencySeconds = cost.latencySeconds
    memoryBytes = cost.memoryBytes
    coresUsed = cost.coresUsed
    chipsUsed = cost.chipsUsed
  }
}
