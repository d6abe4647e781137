import SpikelineSupport

/// The storage of a model's parameters as consecutive pieces of its flat parameter vector (a layer's
/// weights, then its bias, and so on), for an optimiser that updates them where they live.
public typealias ParameterBuffers = [UnsafeMutableBufferPointer<Float>]

extension Optimizer {
  /// One update of the parameters held in `buffers` (consecutive pieces of the flat vector, in order)
  /// with `gradient`, at `learningRate`: the same bits as `apply(_:to:range:learningRate:)` on the
  /// flat vector, without copying the parameters into it and back. With `clearingGradient`, each
  /// gradient value is set to zero once it has been used, so the buffer is ready for the next step's
  /// sums without a separate pass. Chunks of the flat vector run on all cores.
  /// - Returns: the gradient's global L2 norm before clipping when clipping is on, else nil.
  @discardableResult
  public mutating func apply(_ gradient: UnsafeMutableBufferPointer<Float>, to buffers: ParameterBuffers, learningRate lr: Float,
                             clearingGradient: Bool) -> Float? {
    let count = buffers.reduce(0) { $0 + $1.count }
    precondition(gradient.count == count && first.count >= count,
                 "internal error: optimiser for \(first.count) parameters given \(gradient.count) gradients and \(count) parameters")
    guard count > 0, let g = gradient.baseAddress else { return nil }
    step += 1
    let (globalNorm, scale) = clipping(UnsafeBufferPointer(gradient))
    let rule = OptimizerRule(kind: kind, learningRate: lr, decay: lr * weightDecay, scale: scale, step: Float(step))
    // Where each buffer starts in the flat vector.
    var starts: [Int] = []
    starts.reserveCapacity(buffers.count + 1)
    var offset = 0
    for buffer in buffers { starts.append(offset); offset += buffer.count }
    starts.append(offset)
    let chunks = (count + Self.chunk - 1) / Self.chunk
    buffers.withUnsafeBufferPointer { pieceBuffer in
      starts.withUnsafeBufferPointer { startBuffer in
        first.withUnsafeMutableBufferPointer { m in
          second.withUnsafeMutableBufferPointer { v in
            let pieces = UnsafeSendable(pieceBuffer.baseAddress!), bounds = UnsafeSendable(startBuffer.baseAddress!)
            let bufferCount = pieceBuffer.count
            let mp = DisjointWrites(base: m.baseAddress!), vp = DisjointWrites(base: v.baseAddress!), gp = DisjointWrites(base: g)
            DeterministicParallel.forEach(chunks) { c in
              let start = c * Self.chunk, end = min(count, start + Self.chunk)
              // The buffers this chunk overlaps, each updated over its part of [start, end).
              var b = Self.bufferIndex(containing: start, starts: bounds.value, count: bufferCount)
              var i = start
              while i < end {
                let bufferStart = bounds.value[b], stop = min(end, bounds.value[b + 1])
                if stop > i, let p = pieces.value[b].baseAddress {
                  rule.update(p + (i - bufferStart), gp.base + i, mp.base + i, vp.base + i, count: stop - i)
                  if clearingGradient { (gp.base + i).update(repeating: 0, count: stop - i) }
                }
                i = max(i, stop)
                b += 1
              }
            }
          }
        }
      }
    }
    return globalNorm
  }

  /// The buffer whose range [starts[b], starts[b + 1]) holds flat index `index` (the last one of
  /// several that start there, skipping empty buffers).
  static func bufferIndex(containing index: Int, starts: UnsafePointer<Int>, count: Int) -> Int {
    var low = 0, high = count - 1
    while low < high {
      let middle = (low + high + 1) / 2
      if starts[middle] <= index { low = middle } else { high = middle - 1 }
    }
    return low
  }

  /// The gradient's global L2 norm (when clipping is on) and the factor clipping scales it by (1 when
  /// off or not needed). The sum of squares runs per fixed-size chunk in double precision, chunks
  /// added in order, so the norm is the same for any thread count.
  func clipping(_ gradient: UnsafeBufferPointer<Float>) -> (norm: Float?, scale: Float) {
    guard let clip = gradientClipNorm, let base = gradient.baseAddress else { return (nil, 1) }
    let values = UnsafeSendable(base), count = gradient.count
    let partials = DeterministicParallel.map((count + Self.chunk - 1) / Self.chunk) { c in
      let start = c * Self.chunk, end = min(count, start + Self.chunk)
      var sum: Double = 0
      for i in start..<end { let x = Double(values.value[i]); sum += x * x }
      return sum
    }
    let norm = Float(partials.reduce(0, +).squareRoot())
    return (norm, norm > clip && norm > 0 ? clip / norm : 1)
  }
}
