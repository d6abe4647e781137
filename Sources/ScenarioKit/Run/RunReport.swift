import Foundation
import ChipModel
import SpikeCore
import SpikelineSupport

/// What `spikeline run` reports for a network scenario. It holds no wall-clock time, so the same
/// scenario and seed always give byte-identical JSON.
public struct RunReport: Codable, Sendable {
  public var scenario: String
  public var description: String
  public var seed: UInt64
  public var timeModel: String
  public var durationSeconds: Double
  public var ticks: Int
  public var tickDuration: Double?
  public var profile: String
  public var populations: [PopulationRunEntry]
  public var total: PopulationRunEntry
  public var chip: ChipReport
}

/// One population's line of a run report: simulation counts and chip costs together.
public struct PopulationRunEntry: Codable, Sendable {
  public var name: String
  public var size: Int
  public var spikes: Int
  /// Mean firing rate, Hz (spikes / size / duration).
  public var rateHz: Double
  public var synapticOps: Int
  public var neuronUpdates: Int
  public var messages: Int
  public var hops: Int
  public var energyJoules: EnergyBreakdown
  public var latencySeconds: Double?
  public var memoryBytes: Int
  public var coresUsed: Int

  init(cost: CostEntry, size: Int, duration: Double) {
    name = cost.name
    self.size = size
    spikes = cost.spikes
    rateHz = size > 0 && duration > 0 ? Double(cost.spikes) / Double(size) / duration : 0
    synapticOps = cost.synapticOps
    neuronUpdates = cost.neuronUpdates
    messages = cost.messages
    hops = cost.hops
    energyJoules = cost.energyJoules
    latencySeconds = cost.latencySeconds
    memoryBytes = cost.memoryBytes
    coresUsed = cost.coresUsed
  }
}
