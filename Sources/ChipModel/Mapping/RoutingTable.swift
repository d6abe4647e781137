import SpikeCore

/// Where each source row's spikes go: the cores its synapses land on, how many synapses on each,
/// and the hops a message to each takes. One spike sends one message per destination core.
///
/// A row's destinations are read from the synapse table itself, not stored: a projection with one
/// delay keeps each row sorted by target, and a core holds a contiguous run of one population's
/// neurons, so the row's synapses onto one core are one run of the row, found by galloping to the
/// core's last neuron. That costs no memory per synapse (a stored list took about 24 bytes per
/// synapse in sparse networks, several times the synapse tables) and O(destinations × log(synapses per
/// destination)) per row. Only rows of projections with several delays, sorted by delay first, are
/// listed when the table is built.
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

  /// How one projection's rows are routed (its walk, `walks`, reads through the table's addresses).
  struct Projection: Sendable {
    let synapses: SynapseTable
    /// Per row, the destination cores and their synapse counts in ascending core order, for a
    /// projection whose rows are not sorted by target (several delays); nil for the others.
    let listed: (rowStart: [Int], cores: [Int32], synapses: [Int32])?
  }

  let projections: [Projection]
  /// Per projection: its rows and cores as plain addresses (`RowWalk`), into the tables of
  /// `projections` and the columns below, which keep them alive.
  let walks: [RowWalk]
  /// Per population: the core of every neuron (-1: off-chip), as columns with a stable address.
  let coreColumns: [SynapseColumn<Int32>]
  /// `coreEnd` as a column with a stable address.
  let coreEndColumn: SynapseColumn<UInt32>
  /// Per core: one past its last neuron (cores hold contiguous runs of one population).
  let coreEnd: [UInt32]
  /// Per core: the mesh column and row of its tile and its chip.
  let coreX: [Int32], coreY: [Int32], coreChip: [Int32]

  /// Routes every projection of `network` over `mapping`'s mesh.
  /// - Complexity: O(projections + cores), plus O(synapses) for projections with several delays.
  public init(network: Network, mapping: CoreMapping) {
    coreEnd = mapping.cores.map { UInt32($0.neurons.upperBound) }
    let positions = mapping.cores.indices.map { mapping.position(ofCore: $0) }
    coreX = positions.map { Int32($0.x) }
    coreY = positions.map { Int32($0.y) }
    coreChip = mapping.cores.indices.map { Int32(mapping.chip(ofCore: $0)) }
    var coresOfPopulation = [Int](repeating: 0, count: network.populations.count)
    for core in mapping.cores { coresOfPopulation[core.population] += 1 }
    let coreColumns = mapping.coreOfNeuron.map { SynapseColumn($0) }
    let coreEndColumn = SynapseColumn(coreEnd)
    self.coreColumns = coreColumns
    self.coreEndColumn = coreEndColumn
    var walks: [RowWalk] = []
    projections = network.projections.map { projection in
      let table = projection.synapses
      let target = projection.target.index
      let listed = table.uniformDelay == nil ? RoutingTable.list(table, targetCores: mapping.coreOfNeuron[target]) : nil
      assert(listed != nil || RoutingTable.rowsSortedByTarget(table), "a projection with one delay has a row not sorted by target")
      // Rows no longer on average than the target population has cores are scanned, not galloped.
      walks.append(RowWalk(targets: table.targets.baseAddress, rowStart: table.rowStart.baseAddress,
                           targetCores: coreColumns[target].baseAddress,
                           sourceCores: coreColumns[projection.source.index].baseAddress, coreEnd: coreEndColumn.baseAddress,
                           targetCount: network.populations[target].size,
                           scans: table.count <= max(table.sourceCount, 1) * coresOfPopulation[target], listed: listed != nil))
      return Projection(synapses: table, listed: listed)
    }
    self.walks = walks
  }

  /// Whether every row of `table` lists its targets in ascending order (checked in debug builds:
  /// `SynapseTable` sorts rows by delay, then target).
  static func rowsSortedByTarget(_ table: SynapseTable) -> Bool {
    (0..<table.sourceCount).allSatisfy { source in
      let row = table.row(source)
      return row.dropFirst().allSatisfy { table.targets[$0 - 1] <= table.targets[$0] }
    }
  }

  /// The destination cores of every row of `table` with their synapse counts, ascending by core.
  static func list(_ table: SynapseTable, targetCores: [Int32]) -> (rowStart: [Int], cores: [Int32], synapses: [Int32]) {
    var rowStart = [0], cores: [Int32] = [], synapses: [Int32] = []
    var rowCores: [Int32] = []
    for source in 0..<table.sourceCount {
      rowCores.removeAll(keepingCapacity: true)
      for k in table.row(source) { rowCores.append(targetCores[Int(table.targets[k])]) }
      rowCores.sort()
      var i = 0
      while i < rowCores.count {
        var j = i + 1
        while j < rowCores.count && rowCores[j] == rowCores[i] { j += 1 }
        cores.append(rowCores[i])
        synapses.append(Int32(j - i))
        i = j
      }
      rowStart.append(cores.count)
    }
    return (rowStart, cores, synapses)
  }

  /// Calls `body` with each destination of source `source` of projection `projection`, in ascending
  /// core order.
  @inline(__always)
  public func forEachDestination(projection: Int, source: Int, _ body: (Destination) -> Void) {
    let walk = walks[projection]
    let sourceCore = Int(walk.sourceCores[source])
    if walk.listed, let listed = projections[projection].listed {
      for index in listed.rowStart[source]..<listed.rowStart[source + 1] {
        body(destination(core: Int(listed.cores[index]), synapses: Int(listed.synapses[index]), from: sourceCore))
      }
      return
    }
    RoutingTable.forEachDestinationCore(walk, synapses: walk.rowStart[source]..<walk.rowStart[source + 1]) { core, synapses in
      body(destination(core: core, synapses: synapses, from: sourceCore))
    }
  }

  /// Calls `body` with each core of `neurons` that row `source` of projection `projection` reaches
  /// and its synapses there, in ascending core order. `neurons` must be a run of whole cores of the
  /// target population (a part of the cores, as `ChipActivityMonitor` splits them over threads).
  @inline(__always)
  public func forEachDestinationCore(projection: Int, source: Int, within neurons: Range<Int>,
                                     _ body: (_ core: Int, _ synapses: Int) -> Void) {
    let walk = walks[projection]
    if walk.listed, let listed = projections[projection].listed {
      for index in listed.rowStart[source]..<listed.rowStart[source + 1] {
        let core = Int(listed.cores[index])
        if neurons.contains(Int(coreEnd[core]) - 1) { body(core, Int(listed.synapses[index])) }
      }
      return
    }
    let row = walk.rowStart[source]..<walk.rowStart[source + 1]
    let start = neurons.lowerBound == 0 ? row.lowerBound
      : RoutingTable.firstIndex(walk.targets, notBelow: UInt32(neurons.lowerBound), from: row.lowerBound, to: row.upperBound)
    let end = neurons.upperBound >= walk.targetCount ? row.upperBound
      : RoutingTable.firstIndex(walk.targets, notBelow: UInt32(neurons.upperBound), from: start, to: row.upperBound)
    RoutingTable.forEachDestinationCore(walk, synapses: start..<end, body)
  }

  /// Calls `body` with each core that row `source` of `table` reaches and its synapses there, in
  /// ascending core order, for a table whose rows are sorted by target (one delay).
  /// `targetCores` holds the core of every target neuron, `coreEnd` one past each core's last neuron.
  @inline(__always)
  static func forEachDestinationCore(_ table: SynapseTable, source: Int, targetCores: [Int32], coreEnd: [UInt32],
                                     _ body: (_ core: Int, _ synapses: Int) -> Void) {
    forEachDestinationCore(table, synapses: table.row(source), targetCores: targetCores, coreEnd: coreEnd, scan: false, body)
  }

  /// `forEachDestinationCore(_:source:targetCores:coreEnd:_:)` for the synapses `synapses` of a row
  /// (sorted by target), cut at core boundaries, by galloping or with `scan` by reading every
  /// synapse's core (`forEachDestinationCore(_:synapses:_:)`).
  @inline(__always)
  static func forEachDestinationCore(_ table: SynapseTable, synapses: Range<Int>, targetCores: [Int32], coreEnd: [UInt32],
                                     scan: Bool, _ body: (_ core: Int, _ synapses: Int) -> Void) {
    guard !synapses.isEmpty else { return }
    targetCores.withUnsafeBufferPointer { cores in
      coreEnd.withUnsafeBufferPointer { ends in
        guard let cores = cores.baseAddress, let ends = ends.baseAddress else { return }
        // A walk over `synapses` reads no source cores and no row starts; they are filled, not used.
        let walk = RowWalk(targets: table.targets.baseAddress, rowStart: table.rowStart.baseAddress, targetCores: cores,
                           sourceCores: cores, coreEnd: ends, targetCount: targetCores.count, scans: scan, listed: false)
        withExtendedLifetime(table) { forEachDestinationCore(walk, synapses: synapses, body) }
      }
    }
  }

  /// The destination `core` holding `synapses` synapses of a row whose source sits on `sourceCore`
  /// (-1: the host port, west of tile (0, 0) of chip 0). The hops are `CoreMapping.hops(from:to:)`
  /// and the crossings the chips between, from positions worked out once per core (no division per
  /// message); a test holds the two equal.
  @inline(__always)
  func destination(core: Int, synapses: Int, from sourceCore: Int) -> Destination {
    let x = coreX[core], y = coreY[core], chip = coreChip[core]
    let eastWest: Int32, northSouth: Int32, crossings: Int32
    if sourceCore < 0 {
      eastWest = x + 1; northSouth = y; crossings = chip
    } else {
      eastWest = abs(coreX[sourceCore] - x); northSouth = abs(coreY[sourceCore] - y); crossings = abs(chip - coreChip[sourceCore])
    }
    return Destination(core: Int32(core), synapses: Int32(synapses), hopsEastWest: eastWest, hopsNorthSouth: northSouth,
                       chipCrossings: crossings)
  }

  /// The target neuron of synapse `k` of projection `projection` (population-local index).
  @inline(__always)
  public func targetNeuron(ofSynapse k: Int, projection: Int) -> Int { Int(walks[projection].targets[k]) }

  /// The core of synapse `k`'s target in projection `projection` (for deliveries of part of a row).
  @inline(__always)
  public func core(ofSynapse k: Int, projection: Int) -> Int {
    let walk = walks[projection]
    return Int(walk.targetCores[Int(walk.targets[k])])
  }
}
