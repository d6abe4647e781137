import Testing
import SpikeCore
import SpikeTesting

/// In chip time a discrete LIF (β = 0.9) driven by 0.3 every tick fires on every fourth tick.
@Test func firesEveryFourthTick() throws {
  var bench = SpikeTestBench()
  let input = bench.input(spikeTicks: [Array(0..<20)])
  let cell = bench.neurons("cell", model: .discrete(membraneDecay: 0.9, threshold: 1, tickDuration: 0.001))
  bench.connect(input, to: cell, weight: 0.3, delay: 0.001)
  let run = try bench.runChip(ticks: 21)
  expectSpikeTicks(run, of: cell, at: [4, 8, 12, 16, 20])
  #expect(run.spikeTimes(of: cell).first == 0.004)  // and with Swift Testing's
}
