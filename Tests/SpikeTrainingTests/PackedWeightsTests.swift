import Testing
import SpikelineSupport
@testable import SpikeTraining

/// A layer's packed weights are a cache: products with them give the bits of the plain products,
/// and every change of the weights (in place, by `setFlat`, by assignment) is seen by the next product,
/// while a copy made before the change keeps multiplying by its own weights.
@Suite struct PackedWeightsTests {
  static func matrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix {
    var generator = SeededGenerator(seed: seed)
    return Matrix(rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in Float(generator.normal()) })
  }

  /// Forward and input gradient of `layer` equal the plain `MatrixKernels` products, bit for bit.
  static func expectPlainProducts(_ layer: LinearLayer, _ x: Matrix, _ dy: Matrix, _ context: String) {
    #expect(layer.forward(x).values.map(\.bitPattern) == MatrixKernels.multiply(x, layer.weights, bias: layer.bias).values.map(\.bitPattern),
            "forward, \(context)")
    var dx = Matrix(rows: 0, columns: 0)
    layer.inputGradient(dy, into: &dx)
    #expect(dx.values.map(\.bitPattern) == MatrixKernels.multiplyTransposed(dy, layer.weights).values.map(\.bitPattern), "input gradient, \(context)")
  }

  @Test("Products with the packed weights follow every change of the weights; copies keep theirs")
  func followsChanges() {
    var generator = SeededGenerator(seed: 7)
    var layer = LinearLayer(inputs: 70, outputs: 45, generator: &generator)  // edges in both directions
    let x = Self.matrix(13, 70, seed: 1), dy = Self.matrix(13, 45, seed: 2)
    Self.expectPlainProducts(layer, x, dy, "fresh")
    Self.expectPlainProducts(layer, x, dy, "packed panels reused")
    let before = layer
    let output = layer.forward(x)
    layer.setFlat(Self.matrix(1, layer.parameterCount, seed: 3).values[...])
    Self.expectPlainProducts(layer, x, dy, "after setFlat")
    #expect(layer.forward(x) != output)
    #expect(before.forward(x) == output, "a copy made before the change multiplies by its own weights")
    layer.weights.values[5] += 1
    Self.expectPlainProducts(layer, x, dy, "after one weight changed in place")
    layer.weights = Self.matrix(70, 45, seed: 4)
    Self.expectPlainProducts(layer, x, dy, "after assignment")
    #expect(before == before && layer != before)
  }
}
