import Foundation
import Testing
import SpikelineSupport
@testable import ScenarioKit

@Suite struct ScenarioSizeTests {
  @Test("Projections that fit one by one but not together are refused before any is built, with the total bytes")
  func totalCheckedFirst() {
    // Each projection needs about 0.6 of this process's memory: alone it would be built.
    let probability = 0.6 * Double(MemoryBudget.bytes) / 8 / 1e12
    let text = """
      {"description": "too big together", "time": {"model": "chip", "durationTicks": 5},
       "populations": [{"name": "a", "size": 1000000, "neuron": {"model": "lif", "tauMembrane": 0.01}}],
       "projections": [
         {"name": "p1", "source": "a", "target": "a", "connector": {"probability": \(probability)}, "weight": 0.1},
         {"name": "p2", "source": "a", "target": "a", "connector": {"probability": \(probability)}, "weight": 0.1}]}
      """
    let start = Date()
    let found = messages(text)
    #expect(Date().timeIntervalSince(start) < 10, "refused before building")
    #expect(found.count == 1, "\(found)")
    #expect(found.first?.contains("projections") == true && found.first?.contains("2 projections") == true, "\(found)")
    #expect(found.first?.contains("more than this process may use") == true, "\(found)")
  }
}
