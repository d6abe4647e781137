/// What one population (or the whole network) did and cost.
public struct CostEntry: Codable, Sendable, Equatable {
  /// The population's name, or "total".
  public var name: String
  /// Spikes emitted.
  public var spikes: Int = 0
  /// Synaptic events delivered to this population's neurons.
  public var synapticOps: Int = 0
  /// Neuron state updates.
  public var neuronUpdates: Int = 0
  /// Spike messages sent by this population (one per spike per destination core).
  public var messages: Int = 0
  /// True for an off-chip input population (its spikes come from the host).
  public var isInput = false
  /// Mesh hops of those messages (east–west plus north–south).
  public var hops: Int = 0
  /// East–west mesh hops of those messages.
  public var hopsEastWest: Int = 0
  /// North–south mesh hops of those messages.
  public var hopsNorthSouth: Int = 0
  /// Chip boundaries those messages cross.
  public var chipCrossings: Int = 0
  /// Energy of this population's work, joules. A population's static and management energy is
  /// its cores' share of their chips' power; the total's covers every powered chip, idle cores
  /// and idle chips included, so it exceeds the populations' sum.
  public var energyJoules = EnergyBreakdown()
  /// For a population: the sum over timesteps of its slowest core's work; for the total: the
  /// run's chip time (timesteps summed, synchronisation included), seconds.
  public var latencySeconds: Double?
  /// Bytes of incoming synapses and neuron state on this population's cores.
  public var memoryBytes: Int = 0
  /// Cores holding this population's neurons.
  public var coresUsed: Int = 0
  /// Chips holding those cores (for the total: chips powered).
  public var chipsUsed: Int = 0

  /// An empty entry named `name`.
  public init(name: String) { self.name = name }
}
