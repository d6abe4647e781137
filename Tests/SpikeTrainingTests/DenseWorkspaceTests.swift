import Testing
import SpikelineSupport
@testable import SpikeTraining

/// Reused traces and backward scratch (`DenseStack+Workspace`) give the bits of fresh ones.
@Suite struct DenseWorkspaceTests {
  @Test("forward(into:) and backward(scratch:) reused across batches equal fresh passes, bit for bit")
  func reusedEqualsFresh() {
    var generator = SeededGenerator(seed: 31)
    let stack = DenseStack(sizes: [20, 17, 12, 9], activations: [.relu, .relu, .identity], generator: &generator)
    var trace = DenseStack.Trace()
    var scratch = DenseStack.BackwardScratch()
    // Same shape twice, then another batch size, then gated, then ungated again.
    for (step, rows) in [5, 5, 8, 8, 5].enumerated() {
      let x = randomMatrix(rows, 20, &generator), dOutput = randomMatrix(rows, 9, &generator)
      let gates: [Matrix?]? = step == 3 ? [nil, Matrix(rows: rows, columns: 12, repeating: 0.5), nil] : nil
      let fresh = stack.forward(x, gates: gates)
      stack.forward(x, gates: gates, into: &trace)
      #expect(trace.outputs == fresh.outputs, "step \(step): outputs")
      #expect(trace.inputs == fresh.inputs, "step \(step): inputs")
      var expected = [Float](repeating: 0, count: stack.parameterCount), reused = expected
      let freshInput = expected.withUnsafeMutableBufferPointer { stack.backward(fresh, dOutput, accumulatingInto: $0.baseAddress!) }
      let reusedInput = reused.withUnsafeMutableBufferPointer {
        stack.backward(trace, dOutput, accumulatingInto: $0.baseAddress!, scratch: &scratch)
      }
      #expect(reused == expected, "step \(step): parameter gradient")
      #expect(reusedInput == freshInput, "step \(step): input gradient")
    }
  }

  @Test("A kept output survives the next forward pass into the same trace")
  func keptOutputIsNotOverwritten() {
    var generator = SeededGenerator(seed: 32)
    let stack = DenseStack(sizes: [6, 4], activations: [.identity], generator: &generator)
    var trace = DenseStack.Trace()
    let first = randomMatrix(3, 6, &generator), second = randomMatrix(3, 6, &generator)
    stack.forward(first, into: &trace)
    let kept = trace.output
    stack.forward(second, into: &trace)
    #expect(kept == stack.forward(first).output)
    #expect(trace.output == stack.forward(second).output)
  }
}
