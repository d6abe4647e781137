/// Identifies a projection within its `Network`.
public struct ProjectionID: Hashable, Sendable, CustomStringConvertible {
  public let index: Int
  public init(_ index: Int) { self.index = index }
  public var description: String { "projection \(index)" }
}

/// Which synaptic current of the target a projection drives (exponential synapses have one
/// time constant per receptor; for delta synapses the receptor only labels the projection).
public enum Receptor: String, Sendable, Hashable, CaseIterable {
  case excitatory
  case inhibitory
}

/// The synapses from one population to another.
public struct Projection: Sendable {
  public var name: String
  public var source: PopulationID
  public var target: PopulationID
  public var receptor: Receptor
  public var synapses: SynapseTable
}
