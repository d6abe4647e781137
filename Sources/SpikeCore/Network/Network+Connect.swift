#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikelineSupport

extension Network {
  /// Bytes the synapse tables of all projections hold.
  public var synapseStorageBytes: Int { projections.reduce(0) { $0 + $1.synapses.storageBytes } }

  /// The synapses a connector would make between populations of these sizes: exact for every
  /// connector but fixed probability, whose figure is the expectation plus five standard deviations.
  public static func plannedSynapseCount(_ connector: Connector, sourceCount: Int, targetCount: Int) -> Double {
    switch connector {
    case .allToAll: return Double(sourceCount) * Double(targetCount)
    case .oneToOne: return Double(sourceCount)
    case .fixedProbability(let p, _):
      let n = Double(sourceCount) * Double(targetCount)
      return (n * p + 5 * (n * p * (1 - p)).squareRoot()).rounded(.up)
    case .explicit(let list): return Double(list.count)
    case .denseMatrix(let matrix, _): return Double(matrix.count)
    }
  }

  /// Bytes a projection would take (its synapse table), before it is built; `keptFraction` is the
  /// share of its target population whose synapses this process keeps (see `synapseShare`).
  public static func plannedBytes(_ connector: Connector, sourceCount: Int, targetCount: Int, delay: DelayRule,
                                  weights: WeightStorage = .singlePrecision, keptFraction: Double = 1) -> Double {
    let synapses = (plannedSynapseCount(connector, sourceCount: sourceCount, targetCount: targetCount) * keptFraction).rounded(.up)
    let delayBytes: Int
    switch (connector, delay) {
    case (.explicit(let list), _) where list.contains { $0.delay != nil }: delayBytes = 8
    case (_, .constant): delayBytes = 0
    case (_, .uniform): delayBytes = 8
    }
    return SynapseTable.plannedBytes(synapses: synapses, sources: sourceCount, delayBytes: delayBytes,
                                     weightBytes: weights.bytesPerSynapse)
  }

  /// Connects `source` to `target`.
  ///
  /// The table is built in place and in parallel (rows in fixed chunks; every row's random draws come
  /// from a generator seeded by the network seed, the projection name and the row), so it is the same
  /// for any number of threads. Before anything is allocated the projection's size is checked against
  /// `maximumProjectionSynapseCount`, `maximumSynapseCount` and the memory this process may use
  /// together with the tables already built.
  ///
  /// - Parameters:
  ///   - weight: weight rule, volts (delta synapses) or volts of drive (exponential synapses);
  ///     ignored for synapses that carry their own weight (explicit or dense connectors). Stored in single precision.
  ///   - delay: delay rule, seconds (>= 0; chip time also needs whole ticks of at least one).
  ///   - threads: threads that build the table (the result does not depend on it).
  /// - Returns: the new projection.
  /// - Complexity: O(*n*) for the *n* synapses the connector makes (O(sources × targets) for a dense matrix).
  @discardableResult
  public mutating func connect(_ source: PopulationID, to target: PopulationID, connector: Connector,
                               weight: WeightRule = .constant(0), delay: DelayRule = .constant(1e-3),
                               receptor: Receptor = .excitatory, name: String? = nil,
                               threads: Int = DeterministicParallel.threadCount) throws -> ProjectionID {
    var errors: [SpikelineError] = []
    guard populations.indices.contains(source.index) else {
      throw SpikelineError.field("source", "\(source) does not exist (the network has \(populations.count) populations)")
    }
    guard populations.indices.contains(target.index) else {
      throw SpikelineError.field("target", "\(target) does not exist (the network has \(populations.count) populations)")
    }
    if populations[target.index].isSource {
      errors.append(.field("target", "'\(populations[target.index].name)' is a spike source and cannot receive synapses"))
    }
    if !weight.isValid { errors.append(.field("weight", "must be finite, |w| <= 1e30 (with low <= high, standard deviation >= 0)")) }
    if !delay.isValid { errors.append(.field("delay", "must be >= 0 seconds and finite (got \(delay))")) }
    let projectionName = name ?? "\(populations[source.index].name)->\(populations[target.index].name)"
    if projections.contains(where: { $0.name == projectionName }) {
      errors.append(.field("name", "'\(projectionName)' is already used by another projection"))
    }
    let sourceCount = populations[source.index].size
    let targetCount = populations[target.index].size
    errors += checkConnector(connector, sourceCount: sourceCount, targetCount: targetCount)
    try throwing(errors)
    // A rank keeps the synapses onto its share of the target population only.
    let kept = synapseShare?[target.index] ?? 0..<targetCount
    let keptFraction = targetCount == 0 ? 1 : Double(kept.count) / Double(targetCount)

    // Refuse before allocating: the synapse limits, and the bytes of this table beside those built.
    let existingSynapses = synapseCount, existingBytes = Double(synapseStorageBytes)
    let planned = (Network.plannedSynapseCount(connector, sourceCount: sourceCount, targetCount: targetCount) * keptFraction).rounded(.up)
    func checkTotal(_ synapses: Double) throws {
      if synapses > Double(Network.maximumProjectionSynapseCount) {
        throw SpikelineError.field("connector", "would make \(Int(min(synapses, 9e18))) synapses in one projection, more than the limit of \(Network.maximumProjectionSynapseCount)")
      }
      if Double(existingSynapses) + synapses > Double(Network.maximumSynapseCount) {
        throw SpikelineError.field("connector", "would make the network \(Int(min(Double(existingSynapses) + synapses, 9e18))) synapses, more than the limit of \(Network.maximumSynapseCount)")
      }
    }
    if case .fixedProbability = connector {} else { try checkTotal(planned) }
    let plannedBytes = Network.plannedBytes(connector, sourceCount: sourceCount, targetCount: targetCount, delay: delay,
                                            weights: weightStorage, keptFraction: keptFraction)
    try MemoryBudget.check(existingBytes + plannedBytes,
                           for: "projection '\(projectionName)' (about \(Int(min(planned, 9e18))) synapses, \(MemoryBudget.format(plannedBytes))) with the \(existingSynapses) synapses already built")

    let table = try Network.buildTable(connector, sourceCount: sourceCount, targetCount: targetCount, kept: kept,
                                       same: source == target, weight: weight, delay: delay,
                                       streamSeed: SeededGenerator.streamSeed(seed: seed, stream: "projection:" + projectionName),
                                       weightStorage: weightStorage, threads: threads, check: { try checkTotal(Double($0)) })
    projections.append(Projection(name: projectionName, source: source, target: target, receptor: receptor, synapses: table))
    return ProjectionID(projections.count - 1)
  }

  /// Builds a connector's table. Row i draws its connectivity from generator 2i of the stream and
  /// its weights and delays (in that order, per synapse) from generator 2i + 1.
  ///
  /// Only synapses onto targets in `kept` are stored (a rank's share): every row still makes all its
  /// random draws and drops the others, so the kept synapses are exactly those of the whole table,
  /// in the same order. `speculative: false` builds a probability connector in two passes (the
  /// reference the one-pass build is tested against).
  static func buildTable(_ connector: Connector, sourceCount: Int, targetCount: Int, kept: Range<Int>? = nil, same: Bool,
                         weight: WeightRule, delay: DelayRule, streamSeed: UInt64, weightStorage: WeightStorage,
                         threads: Int, speculative: Bool = true, check: (Int) throws -> Void) throws -> SynapseTable {
    let perSynapseDelays: Bool
    let uniformDelay: Double
    switch delay {
    case .constant(let value): perSynapseDelays = false; uniformDelay = value
    case .uniform(let low, let high): perSynapseDelays = low != high; uniformDelay = low
    }
    let kept = kept ?? 0..<targetCount
    /// Fills the weights (and delays) of a row's `count` kept synapses from the rules, after drawing
    /// and dropping those of the `dropped` synapses made before them.
    @Sendable func drawValues(_ row: Int, dropped: Int = 0, _ count: Int, _ out: RowWriter) {
      var generator = SeededGenerator(streamSeed: streamSeed, index: 2 * row + 1)
      for _ in 0..<dropped {
        _ = weight.draw(&generator)
        if perSynapseDelays { _ = delay.draw(&generator) }
      }
      for k in 0..<count {
        out.setWeight(k, weight.draw(&generator))
        if let delays = out.delays { delays[k] = delay.draw(&generator) }
      }
    }
    switch connector {
    case .allToAll(let selfConnections):
      let skipSelf = same && !selfConnections
      return try SynapseTable.build(
        sourceCount: sourceCount, targetCount: targetCount, perSynapseDelays: perSynapseDelays, uniformDelay: uniformDelay,
        weightStorage: weightStorage, threads: threads, rowLength: { row in kept.count - (skipSelf && kept.contains(row) ? 1 : 0) }, check: check
      ) { row, out in
        var k = 0
        for j in kept where !(skipSelf && j == row) { out.targets[k] = UInt32(j); k += 1 }
        drawValues(row, dropped: kept.lowerBound - (skipSelf && row < kept.lowerBound ? 1 : 0), k, out)
      }
    case .oneToOne:
      return try SynapseTable.build(
        sourceCount: sourceCount, targetCount: targetCount, perSynapseDelays: perSynapseDelays, uniformDelay: uniformDelay,
        weightStorage: weightStorage, threads: threads, rowLength: { row in kept.contains(row) ? 1 : 0 }, check: check
      ) { row, out in
        guard kept.contains(row) else { return }
        out.targets[0] = UInt32(row)
        drawValues(row, 1, out)
      }
    case .fixedProbability(let p, let selfConnections):
      let skipSelf = same && !selfConnections
      let logOneMinusP = p < 1 ? log(1 - p) : -Double.infinity
      /// Visits row i's targets in ascending order, up to the end of the kept ones.
      @Sendable func forEachTarget(_ row: Int, _ body: (Int) -> Void) {
        guard p > 0 else { return }
        var generator = SeededGenerator(streamSeed: streamSeed, index: 2 * row)
        var j = -1
        while true {
          j += 1 + (p < 1 ? generator.geometricSkip(logOneMinusP: logOneMinusP) : 0)
          if j >= kept.upperBound { break }
          if skipSelf && row == j { continue }
          body(j)
        }
      }
      // One pass over the skips (each a logarithm) when the rows fit the slots their expected length
      // allows, which all but never fails; otherwise one pass to count the rows and one to fill them.
      if speculative, let table = try SynapseTable.buildSpeculatively(
        sourceCount: sourceCount, targetCount: targetCount, perSynapseDelays: perSynapseDelays, uniformDelay: uniformDelay,
        weightStorage: weightStorage, threads: threads, expectedRowLength: p * Double(kept.count),
        generateRow: { row, targets in
          var dropped = 0
          forEachTarget(row) { j in if j < kept.lowerBound { dropped += 1 } else { targets.append(UInt32(j)) } }
          return dropped
        },
        check: check,
        fillValues: { row, dropped, count, out in drawValues(row, dropped: dropped, count, out) }
      ) {
        return table
      }
      return try SynapseTable.build(
        sourceCount: sourceCount, targetCount: targetCount, perSynapseDelays: perSynapseDelays, uniformDelay: uniformDelay,
        weightStorage: weightStorage, threads: threads,
        rowLength: { row in var n = 0; forEachTarget(row) { j in if kept.contains(j) { n += 1 } }; return n }, check: check
      ) { row, out in
        var k = 0, dropped = 0
        forEachTarget(row) { j in
          if j < kept.lowerBound { dropped += 1 } else if j < kept.upperBound { out.targets[k] = UInt32(j); k += 1 }
        }
        drawValues(row, dropped: dropped, k, out)
      }
    case .denseMatrix(let matrix, let dropZeros):
      return try SynapseTable.build(
        sourceCount: sourceCount, targetCount: targetCount, perSynapseDelays: perSynapseDelays, uniformDelay: uniformDelay,
        weightStorage: weightStorage, threads: threads,
        rowLength: { row in
          let start = row * targetCount
          return dropZeros ? matrix[(start + kept.lowerBound)..<(start + kept.upperBound)].count { $0 != 0 } : kept.count
        },
        check: check
      ) { row, out in
        var k = 0
        var generator = SeededGenerator(streamSeed: streamSeed, index: 2 * row + 1)
        for j in 0..<min(targetCount, kept.upperBound) {
          let w = matrix[row * targetCount + j]
          if dropZeros && w == 0 { continue }
          guard j >= kept.lowerBound else {
            if perSynapseDelays { _ = delay.draw(&generator) }
            continue
          }
          out.targets[k] = UInt32(j); out.setWeight(k, Double(w))
          if let delays = out.delays { delays[k] = delay.draw(&generator) }
          k += 1
        }
      }
    case .explicit(let list):
      try check(list.count)
      var generator = SeededGenerator(streamSeed: streamSeed, index: 1)
      var sources: [Int] = [], targets: [Int] = [], weights: [Double] = [], delays: [Double] = []
      sources.reserveCapacity(list.count); targets.reserveCapacity(list.count)
      weights.reserveCapacity(list.count); delays.reserveCapacity(list.count)
      for synapse in list {
        let w = synapse.weight ?? weight.draw(&generator)
        let d = synapse.delay ?? delay.draw(&generator)
        guard kept.contains(synapse.target) else { continue }
        sources.append(synapse.source); targets.append(synapse.target)
        weights.append(w); delays.append(d)
      }
      let table = SynapseTable(sourceCount: sourceCount, targetCount: targetCount, sources: sources, targets: targets,
                               weights: weights, delays: delays)
      if case .fixedPoint(let format) = weightStorage { return table.quantized(format) }
      return table
    }
  }
}
