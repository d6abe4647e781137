import Testing
@testable import ChipModel

/// The chip model against published chip measurements (small honest variants of
/// `spikeline bench calibrate`, which runs the full networks).
@Suite struct CalibrationTests {
  @Test("Frady et al. 2020 on Loihi: core dynamic energy per query within 15 % and time per step within 25 % for a mid-range query")
  func nearestNeighbour() throws {
    let checks = try NearestNeighbourCalibration.checks(scale: 128, inputSpikes: 708)
    #expect(checks.count == 2 && checks.allSatisfy { !$0.fitted })
    for check in checks { #expect(check.isWithinTolerance, "\(check.quantity): ratio \(check.ratio)") }
    // The per-core load of the slice is the full run's: 65 patterns (65,000 synapses) per core.
    #expect(checks[0].note.contains("1/128 of the 76800 patterns"))
  }

  @Test("Frady et al. 2020: the smallest published query (667 spikes) within 15 %; the largest (750) within 25 %, outside the goal")
  func nearestNeighbourRange() throws {
    let low = try NearestNeighbourCalibration.checks(scale: 128, inputSpikes: 667)[0]
    let high = try NearestNeighbourCalibration.checks(scale: 128, inputSpikes: 750)[0]
    #expect(low.ratio < high.ratio)
    #expect(low.isWithinTolerance, "ratio \(low.ratio)")
    // Davies' 23.6 pJ is a stated minimum per synaptic op, yet the model overshoots at 750 spikes
    // (1.20): the 0.24 mJ of neuron updates (52 pJ × 76,800 × 60) may be partly skipped on silicon.
    #expect(high.ratio > 1 && high.ratio < 1.25, "ratio \(high.ratio)")
  }

  @Test("TrueNorth sweep: the held-out 20.1 Hz point within 15 %; the fitted ends are marked fitted")
  func trueNorth() throws {
    let checks = try TrueNorthCalibration.checks(coresSimulated: 4, ticks: 400)
    #expect(checks.map(\.fitted) == [true, false, true])
    #expect(checks[1].isWithinTolerance, "ratio \(checks[1].ratio)")
    // The fitted ends reproduce their own points (the arithmetic), to a rate-sampling error.
    #expect(abs(checks[0].ratio - 1) < 0.01 && abs(checks[2].ratio - 1) < 0.01)
  }
}
