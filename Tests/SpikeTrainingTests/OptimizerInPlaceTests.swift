import Testing
import SpikelineSupport
@testable import SpikeTraining

/// The optimiser updating parameters where a model keeps them (pieces of the flat vector, some empty,
/// some crossing a parallel chunk's boundary) against the update of one flat vector: the same bits,
/// step after step, and the gradient left at zero when asked.
@Suite struct OptimizerInPlaceTests {
  static let kinds: [OptimizerKind] = [.adamDefault, .adamaxDefault, .sgd(momentum: 0.9)]

  @Test(arguments: kinds, [nil, Float(0.5)])
  func piecesMatchTheFlatVector(kind: OptimizerKind, clip: Float?) {
    // Sizes chosen so that pieces straddle the 16,384-parameter chunks, with empty ones in between.
    let sizes = [5, 0, 16_380, 13, 0, 20_001, 7, 0]
    let count = sizes.reduce(0, +)
    var flat = OptimizerRuleTests.values(count, seed: 3)
    var pieces: [[Float]] = []
    var offset = 0
    for size in sizes { pieces.append(Array(flat[offset..<(offset + size)])); offset += size }
    var reference = Optimizer(kind: kind, parameterCount: count, weightDecay: 0.01, gradientClipNorm: clip)
    var inPlace = reference
    for step in 0..<3 {
      let gradient = OptimizerRuleTests.values(count, seed: 10 + UInt64(step))
      let referenceNorm = reference.apply(gradient, to: &flat, range: 0..<count, learningRate: 1e-3)
      var used = gradient
      let norm = used.withUnsafeMutableBufferPointer { g in
        Self.withBuffers(&pieces, from: 0, after: []) { inPlace.apply(g, to: $0, learningRate: 1e-3, clearingGradient: true) }
      }
      #expect(norm == referenceNorm)
      #expect(used.allSatisfy { $0 == 0 })
      #expect(pieces.flatMap { $0 }.map(\.bitPattern) == flat.map(\.bitPattern))
    }
    #expect(inPlace == reference)
  }

  /// Without clearing, the gradient is left as it was.
  @Test func keepsTheGradientUnlessAsked() {
    var parameters: [Float] = [1, 2, 3]
    var gradient: [Float] = [0.5, -0.5, 0.25]
    var optimizer = Optimizer(kind: .adamDefault, parameterCount: 3)
    gradient.withUnsafeMutableBufferPointer { g in
      parameters.withUnsafeMutableBufferPointer { p in _ = optimizer.apply(g, to: [p], learningRate: 0.1, clearingGradient: false) }
    }
    #expect(gradient == [0.5, -0.5, 0.25])
    #expect(parameters != [1, 2, 3])
  }

  /// A model's buffers: each piece's storage, in order.
  static func withBuffers<R>(_ pieces: inout [[Float]], from index: Int, after buffers: ParameterBuffers,
                             _ body: (ParameterBuffers) -> R) -> R {
    guard index < pieces.count else { return body(buffers) }
    var piece = pieces[index]
    pieces[index] = []
    defer { pieces[index] = piece }
    return piece.withUnsafeMutableBufferPointer { withBuffers(&pieces, from: index + 1, after: buffers + [$0], body) }
  }
}
