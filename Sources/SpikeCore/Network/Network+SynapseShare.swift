import SpikelineSupport

extension Network {
  /// Keeps, in the projections connected from now on, only the synapses onto `share[p]` of each
  /// population p (population-local neuron indices): what one rank of a split run needs, since a
  /// rank delivers spikes only to its own neurons. The kept synapses are exactly those of the whole
  /// network (every row still makes all its random draws), so ranks that each keep their share give
  /// the single-process result while each holds about 1/ranks of the synapse tables.
  ///
  /// Call it after adding the populations and before connecting them.
  /// - Throws: `SpikelineError` if projections exist already, if `share` does not list one range per
  ///   population, or if a range leaves its population.
  public mutating func keepSynapses(onto share: [Range<Int>]) throws {
    guard projections.isEmpty else {
      throw SpikelineError.field("synapseShare", "must be chosen before connecting (the network has \(projections.count) projections already)")
    }
    guard share.count == populations.count else {
      throw SpikelineError.field("synapseShare", "has \(share.count) ranges for \(populations.count) populations")
    }
    for (index, range) in share.enumerated() where range.lowerBound < 0 || range.upperBound > populations[index].size {
      throw SpikelineError.field("synapseShare[\(index)]", "\(range) leaves population '\(populations[index].name)' of \(populations[index].size) neurons")
    }
    synapseShare = share
  }

  /// Keeps only the synapses onto the neurons that `exchange`'s rank simulates (its slice of every
  /// population, as `ChipTimeSimulation` splits them), so that ranks divide the tables' memory.
  /// Build the network this way on every rank, then simulate it with the same `exchange`.
  /// - Parameter margin: also keep the synapses onto up to this many neurons just below each slice.
  ///   A chip mapping costs a core on the rank that simulates the core's last neuron, so with the
  ///   profile's neurons per core less one, that rank holds every synapse of the cores it costs
  ///   (`CoreMapping(network:profile:board:ranks:)`).
  /// - Throws: as `keepSynapses(onto:)`.
  public mutating func keepRankShare(of exchange: SpikeExchange, margin: Int = 0) throws {
    let slices = rankSlices(of: exchange)
    try keepSynapses(onto: slices.map { $0.isEmpty ? $0 : max(0, $0.lowerBound - max(0, margin))..<$0.upperBound })
  }

  /// The neurons of every population that `exchange`'s rank simulates (every neuron without an
  /// exchange or with one rank), as `ChipTimeSimulation` splits them.
  public func rankSlices(of exchange: SpikeExchange?) -> [Range<Int>] {
    ChipPartition.rankSlices(populationSizes: populations.map(\.size), exchange: exchange)
  }

  /// Whether the tables hold every synapse (no share was chosen, or the share is every neuron).
  public var keepsEverySynapse: Bool {
    guard let synapseShare else { return true }
    return zip(synapseShare, populations).allSatisfy { $0 == 0..<$1.size }
  }
}
