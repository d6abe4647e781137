import Testing
import SpikeCore
@testable import SpikeTesting

@Suite struct SpikeTestingTests {
  /// A delta LIF: two inputs 1 ms apart of 0.6 each cross threshold 1 at the second arrival (3.5 ms).
  func twoInputs() throws -> (SpikeTestResult, PopulationID) {
    var bench = SpikeTestBench()
    let input = bench.input(spikeTimes: [[0.001, 0.002]])
    let cell = bench.neurons("cell", model: .lif(membraneTimeConstant: 0.01))
    bench.connect(input, to: cell, weight: 0.6, delay: 0.0015)
    return (try bench.runContinuous(until: 0.05), cell)
  }

  @Test("Passing: exact spike times, first spike, count, silence")
  func passing() throws {
    let (run, cell) = try twoInputs()
    expectSpikes(run, of: cell, at: [0.0035])
    expectFirstSpike(run, of: cell, at: 0.0035, tolerance: 1e-12)
    expectSpikeCount(run, of: cell, neuron: 0, in: 1...1)
    expectSilence(run, of: cell, during: 0.004...0.05)
  }

  @Test("Passing in chip time: ticks of the closed form")
  func passingChip() throws {
    var bench = SpikeTestBench()
    let input = bench.input(spikeTicks: [Array(0..<20)])
    let cell = bench.neurons("cell", model: .discrete(membraneDecay: 0.9, threshold: 1, tickDuration: 1e-3))
    bench.connect(input, to: cell, weight: 0.3, delay: 1e-3)
    let run = try bench.runChip(ticks: 21)
    expectSpikeTicks(run, of: cell, at: [4, 8, 12, 16, 20])
  }

  @Test("Failing: a missing and an unexpected spike are reported line by line")
  func failingDiff() throws {
    let (run, cell) = try twoInputs()
    withKnownIssue {
      expectSpikes(run, of: cell, at: [0.0025, 0.0035, 0.01])
    } matching: { issue in
      let text = issue.comments.map(\.rawValue).joined()
      return text.contains("cell[0] do not match") && text.contains("1 matched, 2 missing, 0 unexpected")
        && text.contains("missing")
    }
    let comparison = SpikeTrainComparison(label: "cell[0]", expected: [0.001, 0.004], actual: [0.001, 0.005],
                                          tolerance: .absolute(1e-6))
    #expect(!comparison.matches)
    #expect(comparison.rows == [.matched(expected: 0.001, actual: 0.001), .missing(expected: 0.004), .unexpected(actual: 0.005)])
    #expect(comparison.report.contains("✗   0.004"))
    #expect(comparison.report.contains("unexpected"))
  }

  @Test("Failing: wrong first-spike latency, wrong count, broken silence, never spiking")
  func failingOthers() throws {
    let (run, cell) = try twoInputs()
    withKnownIssue {
      expectFirstSpike(run, of: cell, at: 0.003, tolerance: 1e-6)
    } matching: { $0.comments.map(\.rawValue).joined().contains("first spike of cell[0] at 0.0035") }
    withKnownIssue {
      expectSpikeCount(run, of: cell, in: 2...5)
    } matching: { $0.comments.map(\.rawValue).joined().contains("spiked 1 times, expected 2...5") }
    withKnownIssue {
      expectSilence(run, of: cell)
    } matching: { $0.comments.map(\.rawValue).joined().contains("found 1 spike: cell[0] at 0.0035") }
    withKnownIssue {
      expectFirstSpike(run, of: cell, neuron: 0, at: 1, tolerance: 1e-3)
      expectSpikeTicks(run, of: cell, at: [7])
    }
  }

  @Test("A build mistake surfaces as an error when the bench runs")
  func buildErrors() {
    var bench = SpikeTestBench()
    let input = bench.input(spikeTimes: [[0.001]])
    let cell = bench.neurons("cell", model: .lif(membraneTimeConstant: 0.01))
    bench.connect(input, to: cell, weight: 1, delay: -1)
    #expect(throws: (any Error).self) { try bench.runContinuous(until: 0.01) }
  }
}
