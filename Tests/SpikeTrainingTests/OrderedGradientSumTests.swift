import Testing
import SpikelineSupport
@testable import SpikeTraining

@Suite struct OrderedGradientSumTests {
  /// Gradients whose sum depends on the order of addition (magnitudes 1e-3 ... 1e6).
  static func gradients(units: Int, count: Int) -> [[Float]] {
    var generator = SeededGenerator(seed: 7)
    return (0..<units).map { _ in
      (0..<count).map { _ in Float(generator.uniform(-1, 1)) * [1e-3, 1, 1e3, 1e6][generator.uniformInt(below: 4)] }
    }
  }

  /// The sum left to right, unit by unit, as one thread would add them.
  static func sequentialSum(_ gradients: [[Float]]) -> [Float] {
    var total = gradients[0]
    for gradient in gradients.dropFirst() { for i in total.indices { total[i] += gradient[i] } }
    return total
  }

  @Test("Units finishing in any order on any number of threads add up to the left-to-right sum's bits", arguments: [1, 2, 3, 8])
  func sumInUnitOrder(threads: Int) {
    let units = 37, count = 1000
    let gradients = Self.gradients(units: units, count: count)
    let expected = Self.sequentialSum(gradients).map(\.bitPattern)
    let sum = OrderedGradientSum(count: count)
    for round in 0..<3 {
      sum.start(units: units)
      // Later units first on every thread, so most of them wait for an earlier one.
      let order = Array((0..<units).reversed())
      DeterministicParallel.forEachOnWorkers(units, threads: threads) { position, _ in
        let unit = order[(position + round) % units]
        let buffer = sum.buffer()
        for i in 0..<count {
          #expect(buffer[i] == 0, "a buffer from the pool was not zeroed")
          buffer[i] = gradients[unit][i]
        }
        sum.finish(unit: unit, buffer)
      }
      #expect(sum.added == units)
      #expect((0..<count).map { sum.total[$0].bitPattern } == expected, "round \(round) on \(threads) threads")
    }
  }

  @Test("One thread re-uses a single buffer for every unit")
  func oneBufferOnOneThread() {
    let sum = OrderedGradientSum(count: 4)
    sum.start(units: 5)
    var buffers: Set<ObjectIdentifier> = []
    for unit in 0..<5 {
      let buffer = sum.buffer()
      buffers.insert(ObjectIdentifier(buffer))
      buffer[0] = Float(unit + 1)
      sum.finish(unit: unit, buffer)
    }
    #expect(buffers.count == 1)
    #expect(sum.total[0] == 15)
  }
}
