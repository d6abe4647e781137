import Testing
import SpikelineSupport
@testable import SpikeCore

/// Chip time's neuron update: the AVX2 kernel that the default build runs on CPUs that have it gives
/// the Swift update's bits — potentials, currents, inputs, refractory countdowns and the list of
/// spiking neurons — for exponential and delta synapses, ranges that start and end off a vector.
@Suite struct ChipKernelsTests {
  struct State {
    var v: [Float], ie: [Float], ii: [Float], x: [Float], r: [Int32]

    init(count: Int, seed: UInt64) {
      var generator = SeededGenerator(seed: seed, stream: "chip kernel test")
      // Potentials around the threshold of 1, so that about a third of the neurons cross it.
      v = (0..<count).map { _ in Float(generator.uniform(-0.5, 1.2)) }
      ie = (0..<count).map { _ in Float(generator.uniform(0, 0.4)) }
      ii = (0..<count).map { _ in Float(generator.uniform(-0.3, 0)) }
      x = (0..<count).map { _ in Float(generator.uniform(-0.2, 0.5)) }
      r = (0..<count).map { _ in generator.nextUnitDouble() < 0.25 ? Int32(generator.next() % 3) + 1 : 0 }
    }

    /// Runs `update` over `range` and returns the spiking neurons it listed.
    mutating func update(_ range: Range<Int>, _ c: ChipCoefficients, exponential: Bool, dispatched: Bool) -> [Int32] {
      var spikers = [Int32](repeating: -1, count: range.count)
      let count = v.withUnsafeMutableBufferPointer { v in
        ie.withUnsafeMutableBufferPointer { ie in
          ii.withUnsafeMutableBufferPointer { ii in
            x.withUnsafeMutableBufferPointer { x in
              r.withUnsafeMutableBufferPointer { r in
                spikers.withUnsafeMutableBufferPointer { s in
                  dispatched
                    ? ChipKernels.update(range, c, exponential: exponential, v, ie, ii, x, r, spikers: s.baseAddress!)
                    : ChipKernels.updateInSwift(range, c, exponential: exponential, v, ie, ii, x, r, spikers: s.baseAddress!)
                }
              }
            }
          }
        }
      }
      return Array(spikers.prefix(count))
    }

    func bits() -> [[UInt32]] {
      [v.map(\.bitPattern), ie.map(\.bitPattern), ii.map(\.bitPattern), x.map(\.bitPattern), r.map { UInt32(bitPattern: $0) }]
    }
  }

  @Test("The AVX2 neuron update gives the Swift update's bits and spikes", arguments: [false, true])
  func avx2EqualsSwift(exponential: Bool) {
    #if !SPIKELINE_WIDE_VECTORS && !SPIKELINE_FMA
    guard ChipKernels.dispatchesAVX2 else {
      withKnownIssue("this CPU has no AVX2 (or SPIKELINE_KERNELS=portable): kernel not tested here") { Issue.record("skipped") }
      return
    }
    let model = exponential
      ? NeuronModel.discrete(membraneDecay: 0.9, synapticDecay: 0.8, threshold: 1, tickDuration: 1e-3)
      : NeuronModel.discrete(membraneDecay: 0.9, threshold: 1, tickDuration: 1e-3)
    let c = ChipCoefficients(model: model, tickDuration: 1e-3)
    for (index, range) in [0..<203, 5..<200, 3..<10, 0..<8, 7..<7].enumerated() {
      var dispatched = State(count: 203, seed: UInt64(index)), swift = dispatched
      for tick in 0..<3 {
        let a = dispatched.update(range, c, exponential: exponential, dispatched: true)
        let b = swift.update(range, c, exponential: exponential, dispatched: false)
        #expect(a == b, "\(range) tick \(tick): spiking neurons differ")
        #expect(dispatched.bits() == swift.bits(), "\(range) tick \(tick): state differs")
        if range.count > 100 { #expect(!a.isEmpty && a.count < range.count, "\(range): expected some spikes, not all") }
      }
    }
    #endif
  }
}
