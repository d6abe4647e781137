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
}
