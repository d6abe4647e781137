import Testing
import SpikelineSupport
@testable import SpikeCore

@Suite struct SynapseTableTests {
  @Test("CSR built from random synapses equals a dense accumulation of single-precision weights; rows sorted by (delay, target), stable")
  func csrMatchesDenseReference() {
    var generator = SeededGenerator(seed: 3)
    let sources = 17, targets = 23, count = 400
    var s: [Int] = [], t: [Int] = [], w: [Double] = [], d: [Double] = []
    var dense = [[Double]](repeating: [Double](repeating: 0, count: targets), count: sources)
    for _ in 0..<count {
      let i = generator.uniformInt(below: sources), j = generator.uniformInt(below: targets)
      let weight = generator.uniform(-1, 1)
      s.append(i); t.append(j); w.append(weight); d.append(Double(1 + generator.uniformInt(below: 3)) * 1e-3)
      dense[i][j] += Double(Float(weight))  // tables store weights in single precision
    }
    let table = SynapseTable(sourceCount: sources, targetCount: targets, sources: s, targets: t, weights: w, delays: d)
    #expect(table.count == count)
    #expect(table.rowStart.count == sources + 1)
    let rebuilt = table.denseWeights()
    for i in 0..<sources {
      for j in 0..<targets { #expect(abs(rebuilt[i][j] - dense[i][j]) < 1e-12) }
      let row = table.row(i)
      #expect(row.count == s.filter { $0 == i }.count)
      let delays = row.map { table.delays[$0] }
      #expect(delays == delays.sorted())
      // Order: by delay, then target; within equal (delay, target), creation order is kept.
      let created = (0..<count).filter { s[$0] == i }.sorted {
        (d[$0], t[$0], $0) < (d[$1], t[$1], $1)
      }
      #expect(row.map { Int(table.targets[$0]) } == created.map { t[$0] })
    }
  }

  @Test("Dense-matrix connector reproduces the matrix; zeros kept unless dropped")
  func denseConnector() throws {
    var network = Network()
    let a = try network.addSource("a", size: 3, source: .spikeTicks([[], [], []]))
    let b = try network.addPopulation("b", size: 2, model: .lif(membraneTimeConstant: 0.01))
    let matrix: [Double] = [0.5, 0, -1, 2, 0, 0.25]
    let kept = try network.connect(a, to: b, connector: .denseMatrix(weights: matrix), name: "kept")
    let dropped = try network.connect(a, to: b, connector: .denseMatrix(weights: matrix, dropZeros: true), name: "dropped")
    #expect(network[kept].synapses.count == 6)
    #expect(network[dropped].synapses.count == 4)
    #expect(network[kept].synapses.denseWeights() == [[0.5, 0], [-1, 2], [0, 0.25]])
    #expect(network[dropped].synapses.denseWeights() == network[kept].synapses.denseWeights())
  }

  @Test("Fixed probability: seeded, reproducible, count within 4 standard deviations, self-connections optional")
  func fixedProbability() throws {
    func build(seed: UInt64, selfConnections: Bool) throws -> SynapseTable {
      var network = Network(seed: seed)
      let p = try network.addPopulation("p", size: 300, model: .lif(membraneTimeConstant: 0.01))
      let id = try network.connect(p, to: p, connector: .fixedProbability(0.05, selfConnections: selfConnections))
      return network[id].synapses
    }
    let a = try build(seed: 1, selfConnections: true), b = try build(seed: 1, selfConnections: true)
    let c = try build(seed: 2, selfConnections: true)
    #expect(a == b)
    #expect(a != c)
    let n = 300.0 * 300, p = 0.05
    #expect(abs(Double(a.count) - n * p) < 4 * (n * p * (1 - p)).squareRoot())
    let noSelf = try build(seed: 1, selfConnections: false)
    for i in 0..<300 { #expect(!noSelf.row(i).contains { Int(noSelf.targets[$0]) == i }) }
  }

  @Test("All-to-all and one-to-one connect the expected pairs")
  func simpleConnectors() throws {
    var network = Network()
    let a = try network.addPopulation("a", size: 4, model: .lif(membraneTimeConstant: 0.01))
    let all = try network.connect(a, to: a, connector: .allToAll(selfConnections: false), weight: .constant(1))
    let one = try network.connect(a, to: a, connector: .oneToOne, weight: .constant(2), name: "diag")
    #expect(network[all].synapses.count == 12)
    #expect(network[one].synapses.denseWeights() == (0..<4).map { i in (0..<4).map { $0 == i ? 2 : 0 } })
  }

  @Test("Fixed probability in one pass (slots, then moved together) equals the two-pass build, for shares, delays, fixed point and threads")
  func speculativeEqualsTwoPass() throws {
    let format = FixedPointFormat(weightBits: 12, voltsPerUnit: 1e-4)
    let cases: [(sources: Int, targets: Int, p: Double, kept: Range<Int>?, delay: DelayRule, storage: WeightStorage, same: Bool)] = [
      (300, 300, 0.05, nil, .constant(1e-3), .singlePrecision, true),
      (130, 1000, 0.5, nil, .uniform(1e-3, 4e-3), .singlePrecision, false),
      (257, 700, 0.02, 100..<450, .uniform(1e-3, 3e-3), .singlePrecision, false),
      (200, 200, 1.0, 50..<120, .constant(1e-3), .fixedPoint(format), true),
      (1000, 50, 0.001, nil, .constant(2e-3), .fixedPoint(format), false),
    ]
    for (index, c) in cases.enumerated() {
      let seed = SeededGenerator.streamSeed(seed: UInt64(index), stream: "speculative test")
      func table(speculative: Bool, threads: Int) throws -> SynapseTable {
        try Network.buildTable(.fixedProbability(c.p, selfConnections: false), sourceCount: c.sources, targetCount: c.targets,
                               kept: c.kept, same: c.same, weight: .normal(mean: 1e-3, standardDeviation: 4e-4), delay: c.delay,
                               streamSeed: seed, weightStorage: c.storage, threads: threads, speculative: speculative, check: { _ in })
      }
      let reference = try table(speculative: false, threads: 1)
      for threads in [1, 3] {
        let oneSweep = try table(speculative: true, threads: threads)
        // Compared as Booleans, so that a failure names the case instead of printing both tables.
        let sameTable = oneSweep == reference, sameRows = oneSweep.rowStart.elementsEqual(reference.rowStart)
        #expect(sameTable && sameRows, "case \(index), \(threads) threads: \(oneSweep.count) against \(reference.count) synapses")
      }
    }
  }

  @Test("A one-pass build whose rows outgrow their slots gives up (nil), and a refused total frees and rethrows")
  func speculativeFallsBack() throws {
    struct Refused: Error {}
    let overflowing = try SynapseTable.buildSpeculatively(
      sourceCount: 100, targetCount: 500, perSynapseDelays: false, uniformDelay: 1e-3, weightStorage: .singlePrecision,
      threads: 2, expectedRowLength: 0,
      generateRow: { _, targets in for j in 0..<5 { targets.append(UInt32(j)) }; return 0 },  // 320 per chunk > 64
      check: { _ in }, fillValues: { _, _, count, out in for k in 0..<count { out.setWeight(k, 1) } })
    #expect(overflowing == nil)
    #expect(throws: Refused.self) {
      _ = try SynapseTable.buildSpeculatively(
        sourceCount: 100, targetCount: 500, perSynapseDelays: false, uniformDelay: 1e-3, weightStorage: .singlePrecision,
        threads: 2, expectedRowLength: 5,
        generateRow: { _, targets in for j in 0..<5 { targets.append(UInt32(j)) }; return 0 },
        check: { _ in throw Refused() }, fillValues: { _, _, _, _ in })
    }
  }
}
