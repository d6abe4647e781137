import SpikeCore

// Expectations on spike times. Each fails the running test (Swift Testing or XCTest) with a
// one-paragraph message; times are seconds compared with a `SpikeTimeTolerance`, chip ticks exactly.

/// Expects a neuron to spike at exactly these times, no more and no fewer (within `tolerance`).
/// On failure the message is a line-by-line diff of expected and actual spikes with each offset.
public func expectSpikes(_ run: SpikeTestResult, of population: PopulationID, neuron: Int = 0, at times: [Double],
                         tolerance: SpikeTimeTolerance = .standard,
                         fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
  let comparison = SpikeTrainComparison(label: run.label(population, neuron), expected: times,
                                        actual: run.spikeTimes(of: population, neuron: neuron), tolerance: tolerance)
  if !comparison.matches {
    SpikeTestFailure.record(comparison.report, at: SpikeTestLocation(fileID: fileID, filePath: filePath, line: line, column: column))
  }
}

/// Expects a neuron to spike at exactly these chip ticks; the diff gives offsets in ticks.
public func expectSpikeTicks(_ run: SpikeTestResult, of population: PopulationID, neuron: Int = 0, at ticks: [Int],
                             fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
  let comparison = SpikeTrainComparison(label: run.label(population, neuron), expected: ticks.map(Double.init),
                                        actual: run.spikeTicks(of: population, neuron: neuron).map(Double.init),
                                        tolerance: .absolute(0), unit: .ticks)
  if !comparison.matches {
    SpikeTestFailure.record(comparison.report, at: SpikeTestLocation(fileID: fileID, filePath: filePath, line: line, column: column))
  }
}

/// Expects the first spike of a neuron at `latency` seconds.
public func expectFirstSpike(_ run: SpikeTestResult, of population: PopulationID, neuron: Int = 0, at latency: Double,
                             tolerance: SpikeTimeTolerance = .standard,
                             fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
  let location = SpikeTestLocation(fileID: fileID, filePath: filePath, line: line, column: column)
  guard let first = run.spikeTimes(of: population, neuron: neuron).first else {
    SpikeTestFailure.record("\(run.label(population, neuron)) never spiked; expected a first spike at \(latency) s", at: location)
    return
  }
  if !tolerance.allows(latency, first) {
    SpikeTestFailure.record("first spike of \(run.label(population, neuron)) at \(first) s, expected \(latency) s \(tolerance): off by \(offset(first - latency))",
                            at: location)
  }
}

/// Expects one spike of a neuron at `time` seconds, among any others it fires (a spike inside a
/// longer train). On failure names the nearest spike and how far off it is.
public func expectSpike(_ run: SpikeTestResult, of population: PopulationID, neuron: Int = 0, at time: Double,
                        tolerance: SpikeTimeTolerance = .standard,
                        fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
  let times = run.spikeTimes(of: population, neuron: neuron)
  if times.contains(where: { tolerance.allows(time, $0) }) { return }
  let location = SpikeTestLocation(fileID: fileID, filePath: filePath, line: line, column: column)
  guard let nearest = times.min(by: { abs($0 - time) < abs($1 - time) }) else {
    SpikeTestFailure.record("\(run.label(population, neuron)) never spiked; expected a spike at \(time) s", at: location)
    return
  }
  SpikeTestFailure.record("no spike of \(run.label(population, neuron)) at \(time) s \(tolerance); the nearest of its \(times.count) spikes is at \(nearest) s, off by \(offset(nearest - time))",
                          at: location)
}

/// A signed offset in seconds for messages, e.g. "+1.5e-05 s".
func offset(_ seconds: Double) -> String {
  "\(seconds >= 0 ? "+" : "")\(seconds) s"
}
