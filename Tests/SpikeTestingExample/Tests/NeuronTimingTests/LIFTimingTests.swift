import XCTest
import SpikeCore
import SpikeTesting

final class LIFTimingTests: XCTestCase {
  /// Two inputs of 0.625 V arrive 1 ms apart at a LIF neuron (τm = 10 ms, threshold 1 V): the first
  /// decays to 0.625·e^(−0.1) ≈ 0.566 V, so the neuron fires exactly when the second arrives.
  /// (Synapse tables store weights in single precision; 0.625 is exact there.)
  func testFiresAtTheSecondInput() throws {
    var bench = SpikeTestBench()
    let input = bench.input(spikeTimes: [[0.001, 0.002]])
    let cell = bench.neurons("cell", model: .lif(membraneTimeConstant: 0.01))
    bench.connect(input, to: cell, weight: 0.625, delay: 0.0015)
    let run = try bench.runContinuous(until: 0.05, probe: [cell], probeInterval: 0.0005)

    expectSpikes(run, of: cell, at: [0.0035])
    expectMembranePotential(run, of: cell, at: 0.003, is: 0.625 * exp(-0.05), tolerance: 1e-12)
    expectSilence(run, of: cell, during: 0.0036...0.05)
    XCTAssertEqual(run.spikeTimes(of: cell).count, 1)  // the helpers mix with XCTest's own assertions
  }
}
