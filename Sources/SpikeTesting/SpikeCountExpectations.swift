import SpikeCore

// Expectations on how many spikes happen in a window: counts, rates and silence.

/// Expects the number of spikes of a neuron (or of the whole population when `neuron` is nil)
/// during `window` seconds (the whole run by default; both ends included) to lie in `range`.
public func expectSpikeCount(_ run: SpikeTestResult, of population: PopulationID, neuron: Int? = nil, in range: ClosedRange<Int>,
                             during window: ClosedRange<Double>? = nil,
                             fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
  let count = run.spikes(of: population, neuron: neuron, during: window).count
  if !range.contains(count) {
    SpikeTestFailure.record("\(run.subject(population, neuron)) spiked \(count) time\(count == 1 ? "" : "s")\(describe(window)), expected \(range.lowerBound)...\(range.upperBound)",
                            at: SpikeTestLocation(fileID: fileID, filePath: filePath, line: line, column: column))
  }
}

/// Expects the mean firing rate, hertz, of a neuron (or per neuron of the whole population when
/// `neuron` is nil) during `window` seconds (the whole run by default) to lie in `range`.
public func expectFiringRate(_ run: SpikeTestResult, of population: PopulationID, neuron: Int? = nil, in range: ClosedRange<Double>,
                             during window: ClosedRange<Double>? = nil,
                             fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
  let location = SpikeTestLocation(fileID: fileID, filePath: filePath, line: line, column: column)
  let span = window ?? 0...run.result.duration
  let seconds = span.upperBound - span.lowerBound
  guard seconds > 0 else {
    SpikeTestFailure.record("a firing rate needs a window longer than 0 s (got \(span))", at: location)
    return
  }
  let neurons = neuron == nil ? run.network[population].size : 1
  let rate = Double(run.spikes(of: population, neuron: neuron, during: window).count) / seconds / Double(max(neurons, 1))
  if !range.contains(rate) {
    SpikeTestFailure.record("\(run.subject(population, neuron)) fired at \(rate) Hz\(neuron == nil ? " per neuron" : "")\(describe(window)), expected \(range.lowerBound)...\(range.upperBound) Hz",
                            at: location)
  }
}

/// Expects no spike from a population (or one neuron) during `window` seconds (the whole run by default).
public func expectSilence(_ run: SpikeTestResult, of population: PopulationID, neuron: Int? = nil, during window: ClosedRange<Double>? = nil,
                          fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
  let offending = run.spikes(of: population, neuron: neuron, during: window)
  if !offending.isEmpty {
    let list = offending.prefix(10).map { "\(run.label(population, $0.neuron)) at \($0.time) s" }.joined(separator: ", ")
    SpikeTestFailure.record("expected silence\(describe(window)) but found \(offending.count) spike\(offending.count == 1 ? "" : "s"): \(list)\(offending.count > 10 ? ", ..." : "")",
                            at: SpikeTestLocation(fileID: fileID, filePath: filePath, line: line, column: column))
  }
}

/// " during a...b s", or nothing for the whole run.
func describe(_ window: ClosedRange<Double>?) -> String {
  window.map { " during \($0.lowerBound)...\($0.upperBound) s" } ?? ""
}
