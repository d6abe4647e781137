import Foundation
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
    expectFirstSpike(run, of: cell, at: 0.0035, tolerance: .absolute(1e-12))
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
    #expect(comparison.report.contains("+0 s") || comparison.report.contains("+0"), "\(comparison.report)")
    #expect(comparison.report.contains("unexpected"))
  }

  @Test("Failing: wrong first-spike latency, wrong count, broken silence, never spiking")
  func failingOthers() throws {
    let (run, cell) = try twoInputs()
    withKnownIssue {
      expectFirstSpike(run, of: cell, at: 0.003, tolerance: .absolute(1e-6))
    } matching: { $0.comments.map(\.rawValue).joined().contains("first spike of cell[0] at 0.0035") }
    withKnownIssue {
      expectSpikeCount(run, of: cell, in: 2...5)
    } matching: { $0.comments.map(\.rawValue).joined().contains("spiked 1 time, expected 2...5") }
    withKnownIssue {
      expectSilence(run, of: cell)
    } matching: { $0.comments.map(\.rawValue).joined().contains("found 1 spike: cell[0] at 0.0035") }
    withKnownIssue {
      expectFirstSpike(run, of: cell, neuron: 0, at: 1, tolerance: .absolute(1e-3))
      expectSpikeTicks(run, of: cell, at: [7])
    }
  }

  /// A delta LIF driven every 2 ms by 0.625: it spikes at every second input (closed form, β = e^(−Δ/τ)).
  func train() throws -> (SpikeTestResult, PopulationID) {
    var bench = SpikeTestBench()
    let input = bench.input(spikeTimes: [stride(from: 0.001, through: 0.04, by: 0.002).map { $0 }])
    let cell = bench.neurons("cell", model: .lif(membraneTimeConstant: 0.02))
    bench.connect(input, to: cell, weight: 0.625, delay: 0.001)  // exact in single precision
    return (try bench.runContinuous(until: 0.05, probe: [cell], probeInterval: 1e-3), cell)
  }

  @Test("Passing: one spike inside a longer train, counts and rates in a window, a membrane value at a time")
  func passingWindows() throws {
    let (run, cell) = try train()
    let times = run.spikeTimes(of: cell)
    #expect(times.count >= 5, "the train needs several spikes: \(times)")
    expectSpike(run, of: cell, at: times[2])
    expectSpikeCount(run, of: cell, neuron: 0, in: times.count...times.count)
    expectSpikeCount(run, of: cell, in: 1...1, during: times[0]...times[0])
    expectFiringRate(run, of: cell, in: (Double(times.count) / 0.05 - 1e-9)...(Double(times.count) / 0.05 + 1e-9))
    // After the first input (at 2 ms) V = 0.625·e^(−(3 ms − 2 ms)/20 ms) at the 3 ms sample, the second input arrives at 4 ms.
    expectMembranePotential(run, of: cell, at: 0.003, is: 0.625 * exp(-0.001 / 0.02), tolerance: 1e-12)
  }

  @Test("Failing: near misses say how far off they are; windows and membranes say what they found")
  func failingNearMisses() throws {
    let (run, cell) = try train()
    let first = try #require(run.spikeTimes(of: cell).first)
    withKnownIssue {
      expectSpike(run, of: cell, at: first + 1e-4)
    } matching: { $0.comments.map(\.rawValue).joined().contains("off by -0.0001") }
    withKnownIssue {
      expectFirstSpike(run, of: cell, at: first - 2e-6, tolerance: .absolute(1e-6))
    } matching: { $0.comments.map(\.rawValue).joined().contains("off by +") }
    withKnownIssue {
      expectSpikeCount(run, of: cell, in: 0...0, during: 0...0.02)
    } matching: { $0.comments.map(\.rawValue).joined().contains("during 0.0...0.02 s, expected 0...0") }
    withKnownIssue {
      expectFiringRate(run, of: cell, in: 1000...2000)
    } matching: { $0.comments.map(\.rawValue).joined().contains("Hz") }
    withKnownIssue {
      expectMembranePotential(run, of: cell, at: 0.003, is: 0.5)
    } matching: { $0.comments.map(\.rawValue).joined().contains("off by") }
    withKnownIssue {
      expectMembranePotential(run, of: cell, at: 0.0035, is: 0.5)
    } matching: { $0.comments.map(\.rawValue).joined().contains("no membrane sample at 0.0035 s") }
  }

  @Test("Chip time: diffs are in whole ticks")
  func tickDiff() throws {
    var bench = SpikeTestBench()
    let input = bench.input(spikeTicks: [Array(0..<20)])
    let cell = bench.neurons("cell", model: .discrete(membraneDecay: 0.9, threshold: 1, tickDuration: 1e-3))
    bench.connect(input, to: cell, weight: 0.3, delay: 1e-3)
    let run = try bench.runChip(ticks: 21)
    withKnownIssue {
      expectSpikeTicks(run, of: cell, at: [4, 9, 12, 16, 20])
    } matching: { issue in
      let text = issue.comments.map(\.rawValue).joined()
      return text.contains("spike ticks of cell[0] do not match (exact ticks)") && text.contains("Δ (ticks)") && text.contains("\n  ✗   9 ")
    }
  }

  @Test("Connectors with their own weights take explicit synapses or a matrix, never an ignored weight")
  func weightCarryingConnectors() throws {
    var bench = SpikeTestBench()
    let input = bench.input(spikeTimes: [[0.001], [0.001]])
    let cells = bench.neurons("cells", count: 2, model: .lif(membraneTimeConstant: 0.01))
    bench.connect(input, to: cells, synapses: [SynapseSpec(source: 0, target: 0, weight: 1.5), SynapseSpec(source: 1, target: 1, weight: -0.5)],
                  delay: 0.001)
    let run = try bench.runContinuous(until: 0.01)
    expectSpikes(run, of: cells, neuron: 0, at: [0.002])
    expectSilence(run, of: cells, neuron: 1)
    var matrix = SpikeTestBench()
    let a = matrix.input(spikeTimes: [[0.001]])
    let b = matrix.neurons("b", count: 2, model: .lif(membraneTimeConstant: 0.01))
    matrix.connect(a, to: b, weights: [[0, 2]], delay: 0.001)
    let second = try matrix.runContinuous(until: 0.01)
    expectSilence(second, of: b, neuron: 0)
    expectSpikes(second, of: b, neuron: 1, at: [0.002])
    var wrong = SpikeTestBench()
    let c = wrong.input(spikeTimes: [[0.001]])
    let d = wrong.neurons("d", model: .lif(membraneTimeConstant: 0.01))
    wrong.connect(c, to: d, weight: 1, delay: 0.001, connector: .explicit([SynapseSpec(source: 0, target: 0)]))
    #expect { try wrong.runContinuous(until: 0.01) } throws: { "\($0)".contains("carries its own weights") }
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
