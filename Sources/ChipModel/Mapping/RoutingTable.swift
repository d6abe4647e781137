import SpikeCore

/// For every (projection, source neuron): the cores its synapses land on, how many synapses on
/// each, and the hops a message to each takes. One spike sends one message per destination core.
public struct RoutingTable: Sendable {
  /// One destination of one source row.
  public struct Destination: Sendable, Equatable {
    /// The destination core.
    public var core: Int32
    /// Synapses of the row on that core.
    public var synapses: Int32
    /// Mesh hops east–west from the source's core (or the host port) to it.
    public var hopsEastWest: Int32
    /// Mesh hops north–south from the source's core (or the host port) to it.
    public var hopsNorthSouth: Int32
    /// Chip boundaries the message crosses (chips sit side by side east–west; the host port is
    /// west of chip 0).
    public var chipCrossings: Int32
  }

  /// `destinations[rowStart[p][i] ..< rowStart[p][i+1]]` are the destinations of source i of projection p.
  public private(set) var rowStart: [[Int32]] = []
  /// Every destination of every row, grouped by `rowStart`.
  public private(set) var destinations: [Destination] = []
  /// Core of each synapse's target, per projection (for deliveries of part of a row).
  public private(set) var coreOfSynapse: [[Int32]] = []

  /// Routes every row of every projection of `network` over `mapping`'s mesh.
  /// - Complexity: O(synapses of the network).
  public init(network: Network, mapping: CoreMapping) {
    for projection in network.projections {
      let table = projection.synapses
      let targetCores = mapping.coreOfNeuron[projection.target.index]
      let sourceCores = mapping.coreOfNeuron[projection.source.index]
      var starts: [Int32] = [Int32(destinations.count)]
      var synapseCores = [Int32](repeating: -1, count: table.count)
      for source in 0..<table.sourceCount {
        var counts: [Int32: Int32] = [:]
        for k in table.row(source) {
          let core = targetCores[Int(table.targets[k])]
          synapseCores[k] = core
          counts[core, default: 0] += 1
        }
        for core in counts.keys.sorted() {
          let sourceCore = Int(sourceCores[source])
          let hops = mapping.hops(from: sourceCore, to: Int(core))
          let sourceChip = sourceCore < 0 ? 0 : mapping.chip(ofCore: sourceCore)
          let crossings = abs(mapping.chip(ofCore: Int(core)) - sourceChip)
          destinations.append(Destination(core: core, synapses: counts[core] ?? 0,
                                          hopsEastWest: Int32(hops.eastWest), hopsNorthSouth: Int32(hops.northSouth),
                                          chipCrossings: Int32(crossings)))
        }
        starts.append(Int32(destinations.count))
      }
      rowStart.append(starts)
      coreOfSynapse.append(synapseCores)
    }
  }

  /// The destinations of one source row.
  public func destinations(projection: Int, source: Int) -> ArraySlice<Destination> {
    destinations[Int(rowStart[projection][source])..<Int(rowStart[projection][source + 1])]
  }
}
