import SpikeCore
import Testing

/// Expects a neuron to spike at exactly these times (within `tolerance` seconds, or relative).
/// On failure records an issue with a line-by-line diff of expected and actual spikes.
public func expectSpikes(_ run: SpikeTestResult, of population: PopulationID, neuron: Int = 0, at times: [Double],
                         tolerance: SpikeTrainComparison.Tolerance = .relative(1e-9),
                         sourceLocation: SourceLocation = #_sourceLocation) {
  let comparison = SpikeTrainComparison(label: run.label(population, neuron), expected: times,
                                        actual: run.spikeTimes(of: population, neuron: neuron), tolerance: tolerance)
  if !comparison.matches { Issue.record(Comment(rawValue: comparison.report), sourceLocation: sourceLocation) }
}

/// Expects a neuron to spike at exactly these chip ticks.
public func expectSpikeTicks(_ run: SpikeTestResult, of population: PopulationID, neuron: Int = 0, at ticks: [Int],
                             sourceLocation: SourceLocation = #_sourceLocation) {
  let comparison = SpikeTrainComparison(label: run.label(population, neuron) + " (ticks)", expected: ticks.map(Double.init),
                                        actual: run.spikeTicks(of: population, neuron: neuron).map(Double.init),
                                        tolerance: .absolute(0))
  if !comparison.matches { Issue.record(Comment(rawValue: comparison.report), sourceLocation: sourceLocation) }
}

/// Expects the first spike of a neuron at `latency` seconds (within `tolerance` seconds).
public func expectFirstSpike(_ run: SpikeTestResult, of population: PopulationID, neuron: Int = 0, at latency: Double,
                             tolerance: Double = 1e-9, sourceLocation: SourceLocation = #_sourceLocation) {
  let times = run.spikeTimes(of: population, neuron: neuron)
  guard let first = times.first else {
    Issue.record("\(run.label(population, neuron)) never spiked; expected a first spike at \(latency) s", sourceLocation: sourceLocation)
    return
  }
  if abs(first - latency) > tolerance {
    Issue.record("first spike of \(run.label(population, neuron)) at \(first) s, expected \(latency) s ± \(tolerance) s (off by \(first - latency) s)",
                 sourceLocation: sourceLocation)
  }
}

/// Expects the number of spikes of a neuron (or of the whole population when `neuron` is nil) in `range`.
public func expectSpikeCount(_ run: SpikeTestResult, of population: PopulationID, neuron: Int? = nil, in range: ClosedRange<Int>,
                             sourceLocation: SourceLocation = #_sourceLocation) {
  let count = neuron.map { run.spikeTimes(of: population, neuron: $0).count } ?? run.result.spikes(of: population).count
  if !range.contains(count) {
    let who = neuron.map { run.label(population, $0) } ?? "population \(run.network[population].name)"
    Issue.record("\(who) spiked \(count) times, expected \(range.lowerBound)...\(range.upperBound)", sourceLocation: sourceLocation)
  }
}

/// Expects no spike from a population (or one neuron) during `interval` seconds (the whole run by default).
public func expectSilence(_ run: SpikeTestResult, of population: PopulationID, neuron: Int? = nil,
                          during interval: ClosedRange<Double>? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
  let record = run.result.spikes(of: population)
  var offending: [(Int, Double)] = []
  for k in record.neurons.indices {
    let n = Int(record.neurons[k]), t = record.times[k]
    if let neuron, n != neuron { continue }
    if let interval, !interval.contains(t) { continue }
    offending.append((n, t))
  }
  if !offending.isEmpty {
    let list = offending.prefix(10).map { "\(run.network[population].name)[\($0.0)] at \($0.1) s" }.joined(separator: ", ")
    Issue.record("expected silence but found \(offending.count) spike\(offending.count == 1 ? "" : "s"): \(list)\(offending.count > 10 ? ", ..." : "")",
                 sourceLocation: sourceLocation)
  }
}
