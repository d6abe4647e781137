import SpikeCore
import SpikelineSupport

/// Where each neuron of a network sits on a chip's cores.
///
/// Neuron populations are cut into contiguous runs, each on its own core (a core holds one
/// population, as in most SNN mappers), so that no core exceeds the profile's neurons, incoming
/// synapses or fan-in axons. Synapses are stored at their target's core (Loihi-style). Spike
/// sources are off-chip: their spikes enter through a host port west of tile (0, 0).
/// Cores are numbered row by row over the tile mesh.
public struct CoreMapping: Sendable {
  /// What one core holds.
  public struct Core: Sendable, Equatable {
    /// Index of the population in the network.
    public var population: Int
    /// The population's neurons on this core.
    public var neurons: Range<Int>
    /// Synapses stored on this core (those whose target is here).
    public var incomingSynapses: Int
    /// Distinct source neurons (axons) whose synapses land here.
    public var fanIn: Int
  }

  /// The chip the network is mapped onto.
  public let profile: ChipProfile
  /// The cores in use, numbered row by row over the tile mesh.
  public internal(set) var cores: [Core] = []
  /// Core of every neuron, [population][neuron]; -1 for off-chip sources.
  public internal(set) var coreOfNeuron: [[Int32]]
  /// The board the user named (chips powered), or nil to power just the chips the mapping uses.
  public let board: Int?

  /// Maps `network` onto chips of `profile`: as many as it needs, or at most `board` chips.
  /// - Parameter ranks: when `network` is one rank's share of a network split over ranks
  ///   (`Network.keepRankShare(of:margin:)` with the profile's neurons per core less one), the
  ///   ranks' exchange: the incoming synapses of every neuron and the fan-in of every core are
  ///   gathered from the ranks that hold them, so every rank maps the whole network exactly as one
  ///   process would. Collective then: every rank calls it.
  /// - Throws: `SpikelineError` naming the population or neuron that does not fit, or a missing figure.
  public init(network: Network, profile: ChipProfile, board: Int? = nil, ranks: SpikeExchange? = nil) throws {
    self.profile = profile
    let neuronsPerCore = try profile.require(profile.neuronsPerCore, "neuronsPerCore", for: "mapping neurons onto cores")
    let synapsesPerCore = try profile.require(profile.synapsesPerCore, "synapsesPerCore", for: "mapping synapses onto cores")
    let coresPerChip = try profile.require(profile.coresPerChip, "coresPerChip", for: "mapping onto chips")
    let fanInLimit = profile.fanInPerCore ?? .max
    if let board, board < 1 { throw SpikelineError.field("chips", "must be >= 1 (got \(board))") }
    self.board = board
    coreOfNeuron = network.populations.map { [Int32](repeating: -1, count: $0.size) }

    let share = ranks.flatMap { network.keepsEverySynapse ? nil : $0 }
    let slices = network.rankSlices(of: share)
    var incoming = CoreMapping.incomingSynapses(network)
    if let share { incoming = CoreMapping.gather(incoming, owned: slices, ranks: share) }
    // A neuron with more synapses than a core stores can never be placed: say so before building
    // the per-neuron source sets, which would cost memory in proportion to the synapses.
    for (index, population) in network.populations.enumerated() where !population.isSource {
      if let neuron = incoming[index].firstIndex(where: { $0 > synapsesPerCore }) {
        throw SpikelineError.field("populations[\(index)]",
          "neuron \(neuron) of '\(population.name)' has \(incoming[index][neuron]) incoming synapses; a core of profile '\(profile.name)' stores at most \(synapsesPerCore)")
      }
    }
    guard network.populations.reduce(0, { $0 + $1.size }) < Int(UInt32.max) else {
      throw SpikelineError.field("populations", "more than \(UInt32.max) neurons cannot be mapped")
    }
    // Cut by neurons and synapses alone, then count each core's distinct inputs from the rows: if
    // no core has more than the profile accepts, the greedy cut that also watches fan-in would have
    // made the same cores (a core's fan-in only grows as it grows), without reading every neuron's
    // sources. Otherwise cut again, watching fan-in.
    cutByNeuronsAndSynapses(network, incoming: incoming, neuronsPerCore: neuronsPerCore, synapsesPerCore: synapsesPerCore)
    if let share {
      // A rank holds every synapse of the cores whose last neuron it simulates; their fan-ins are exact here.
      var fanIns = CoreMapping.fanIns(network, cores: cores, coreOfNeuron: coreOfNeuron, limit: .max) ?? []
      for (core, placement) in cores.enumerated() where !slices[placement.population].contains(placement.neurons.upperBound - 1) {
        fanIns[core] = 0
      }
      fanIns = share.sumElementwise(fanIns)
      if fanIns.contains(where: { $0 > fanInLimit }) {
        try cutWatchingFanIn(network, incoming: incoming, neuronsPerCore: neuronsPerCore, synapsesPerCore: synapsesPerCore,
                             fanInLimit: fanInLimit, slices: slices, ranks: share)
      } else {
        for core in cores.indices { cores[core].fanIn = fanIns[core] }
      }
    } else if let fanIns = CoreMapping.fanIns(network, cores: cores, coreOfNeuron: coreOfNeuron, limit: fanInLimit) {
      for core in cores.indices { cores[core].fanIn = fanIns[core] }
    } else {
      try cutWatchingFanIn(network, incoming: incoming, neuronsPerCore: neuronsPerCore, synapsesPerCore: synapsesPerCore,
                           fanInLimit: fanInLimit)
    }
    if let chips = board, cores.count > coresPerChip * chips {
      let needs = network.populations.enumerated().filter { !$0.element.isSource }.map { index, population in
        "'\(population.name)' \(cores.filter { $0.population == index }.count)"
      }
      throw SpikelineError.field("profile.coresPerChip",
        "the network needs \(cores.count) cores (\(needs.joined(separator: ", "))) but \(chips) chip\(chips == 1 ? "" : "s") of profile '\(profile.name)' have \(coresPerChip * chips); use more chips")
    }
  }

  /// The number of cores holding neurons.
  public var coresUsed: Int { cores.count }

  /// Chips holding at least one core in use (at least 1).
  public var chipsUsed: Int {
    let perChip = max(profile.coresPerChip ?? 1, 1)
    return max((cores.count + perChip - 1) / perChip, 1)
  }

  /// Chips powered: the board the user named, or the chips in use. Static and management power
  /// are drawn by each, and each takes part in every timestep's synchronisation.
  public var chipsPowered: Int { board ?? chipsUsed }

  /// The chip of a core (cores are numbered chip by chip).
  public func chip(ofCore core: Int) -> Int { core / max(profile.coresPerChip ?? 1, 1) }

  /// Tiles with at least one core in use.
  public var tilesUsed: Int {
    Set(cores.indices.map { $0 / max(profile.coresPerTile ?? 1, 1) }).count
  }

  /// Tiles on one chip.
  public var tilesPerChip: Int {
    let perTile = max(profile.coresPerTile ?? 1, 1)
    return ((profile.coresPerChip ?? 1) + perTile - 1) / perTile
  }

  /// Mesh position (column, row) of a core's tile; chips are laid side by side east–west.
  public func position(ofCore core: Int) -> (x: Int, y: Int) {
    let perTile = max(profile.coresPerTile ?? 1, 1)
    let columns = max(profile.meshColumns ?? 1, 1)
    let perChip = max(profile.coresPerChip ?? 1, 1)
    let chip = core / perChip
    let tile = (core % perChip) / perTile
    return (chip * columns + tile % columns, tile / columns)
  }

  /// Hops (east–west, north–south) from `source` core (or the host port for -1) to `destination`.
  public func hops(from source: Int, to destination: Int) -> (eastWest: Int, northSouth: Int) {
    let b = position(ofCore: destination)
    if source < 0 { return (b.x + 1, b.y) }
    let a = position(ofCore: source)
    return (abs(a.x - b.x), abs(a.y - b.y))
  }

  /// Fraction of each core's neuron and synapse capacity in use, averaged over used cores.
  public var utilisation: (neurons: Double, synapses: Double) {
    guard !cores.isEmpty, let n = profile.neuronsPerCore, let s = profile.synapsesPerCore else { return (0, 0) }
    let neurons = cores.reduce(0.0) { $0 + Double($1.neurons.count) / Double(n) } / Double(cores.count)
    let synapses = cores.reduce(0.0) { $0 + Double($1.incomingSynapses) / Double(s) } / Double(cores.count)
    return (neurons, synapses)
  }
}

extension CoreMapping {
  /// Every neuron's incoming synapses from the ranks that simulate it: `incoming` counts this
  /// rank's share, exact for the neurons of its slices (`owned`); the others' counts come from their ranks.
  static func gather(_ incoming: [[Int]], owned: [Range<Int>], ranks: SpikeExchange) -> [[Int]] {
    var flat: [Int] = []
    flat.reserveCapacity(incoming.reduce(0) { $0 + $1.count })
    for (index, counts) in incoming.enumerated() {
      for (neuron, count) in counts.enumerated() { flat.append(owned[index].contains(neuron) ? count : 0) }
    }
    let summed = ranks.sumElementwise(flat)
    var start = 0
    return incoming.map { counts in
      defer { start += counts.count }
      return Array(summed[start..<(start + counts.count)])
    }
  }
}
