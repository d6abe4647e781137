import Foundation
import Testing
import SpikelineSupport
@testable import SpikeCore

/// A network too large for this process is refused before its synapses are allocated, with the bytes it needs.
@Suite struct NetworkSizeTests {
  @Test("A projection larger than memory is refused at once, naming the bytes it would need")
  func refusesBeforeAllocating() throws {
    var network = Network(seed: 1)
    let a = try network.addPopulation("a", size: 1_000_000, model: .lif(membraneTimeConstant: 0.01))
    // 1.2 times this process's memory, but fewer synapses than one table may index (on machines
    // with less than about 26 GiB; beyond, the synapse limit refuses it instead).
    let probability = min(0.004, 1.2 * Double(MemoryBudget.bytes) / 8e12)
    let start = Date()
    do {
      try network.connect(a, to: a, connector: .fixedProbability(probability), weight: .constant(0.1))
      Issue.record("a projection larger than memory was accepted")
    } catch let error as SpikelineError {
      if probability < 0.004 {
        #expect("\(error)".contains("GiB"), "\(error)")
        #expect("\(error)".contains("more than this process may use"), "\(error)")
      } else {
        #expect("\(error)".contains("synapses"), "\(error)")
      }
    }
    #expect(Date().timeIntervalSince(start) < 5, "the refusal must come before any synapse is drawn")
    #expect(network.projections.isEmpty)
    #expect(ProcessMemory.peakResidentBytes < 4 << 30)
  }

  @Test("More synapses than one table can index are refused before building")
  func refusesTooManySynapses() throws {
    var network = Network(seed: 1)
    let a = try network.addPopulation("a", size: 100_000, model: .lif(membraneTimeConstant: 0.01))
    #expect(throws: SpikelineError.self) { try network.connect(a, to: a, connector: .allToAll(), weight: .constant(0.1)) }
    #expect(network.projections.isEmpty)
  }

  @Test("Delays are stored as compactly as their values allow: shared, 1- or 2-byte palette codes, or per synapse")
  func delayStorage() throws {
    func table(delays: [Double]) -> SynapseTable {
      SynapseTable(sourceCount: 1, targetCount: delays.count, sources: Array(repeating: 0, count: delays.count),
                   targets: Array(0..<delays.count), weights: Array(repeating: 0.5, count: delays.count), delays: delays)
    }
    let shared = table(delays: Array(repeating: 2e-3, count: 10))
    #expect(shared.delays.bytesPerSynapse == 0 && shared.uniformDelay == 2e-3)
    let few = table(delays: (0..<300).map { Double(1 + $0 % 4) * 1e-3 })
    #expect(few.delays.bytesPerSynapse == 1)
    let many = table(delays: (0..<1000).map { Double($0) * 1e-4 })
    #expect(many.delays.bytesPerSynapse == 2)
    let continuous = table(delays: (0..<70_000).map { Double($0) * 1e-7 })
    #expect(continuous.delays.bytesPerSynapse == 8)
    for t in [few, many, continuous] {
      // Every synapse keeps its delay, whatever the storage.
      let row = t.row(0)
      #expect(row.map { t.delays[$0] } == row.map { t.delays[$0] }.sorted())
    }
    #expect(few.storageBytes <= few.count * 9 + 16 + 4 * 8)
  }
}
