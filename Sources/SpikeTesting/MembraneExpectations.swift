import SpikeCore

/// Expects a probed neuron's membrane potential at `time` seconds to be `value` within `tolerance`
/// (both in the model's potential units, volts for models in volts). The neuron must have been
/// probed (`probe:` of the bench's run) and sampled at `time`: every tick in chip time (after the
/// tick's update, before its reset), every probe interval in continuous time.
public func expectMembranePotential(_ run: SpikeTestResult, of population: PopulationID, neuron: Int = 0, at time: Double,
                                    is value: Double, tolerance: Double = 1e-9,
                                    fileID: String = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column) {
  let location = SpikeTestLocation(fileID: fileID, filePath: filePath, line: line, column: column)
  guard let trace = run.result.membrane(of: population, neuron: neuron), !trace.times.isEmpty else {
    SpikeTestFailure.record("\(run.label(population, neuron)) was not probed; pass probe: [population] to the run", at: location)
    return
  }
  let nearest = trace.times.indices.min { abs(trace.times[$0] - time) < abs(trace.times[$1] - time) } ?? 0
  guard abs(trace.times[nearest] - time) <= 1e-9 * max(1, abs(time)) else {
    SpikeTestFailure.record("\(run.label(population, neuron)) has no membrane sample at \(time) s; the nearest is at \(trace.times[nearest]) s", at: location)
    return
  }
  let actual = trace.potentials[nearest]
  if abs(actual - value) > tolerance {
    SpikeTestFailure.record("membrane potential of \(run.label(population, neuron)) at \(time) s is \(actual), expected \(value) ± \(tolerance): off by \(actual - value)",
                            at: location)
  }
}
