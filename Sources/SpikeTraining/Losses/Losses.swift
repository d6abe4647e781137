#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Losses and their gradients with respect to their inputs.
public enum Losses {
  /// softmax(x / temperature).
  public static func softmax(_ logits: [Float], temperature: Float = 1) -> [Float] {
    var out = logits
    out.withUnsafeMutableBufferPointer { o in
      guard let base = o.baseAddress else { return }
      softmax(base, count: o.count, temperature: temperature, into: base)
    }
    return out
  }

  /// Cross-entropy of `logits` against class `label` among `active` classes (all if nil; the
  /// softmax is normalised over the active ones only, as in Class-IL or Task-IL).
  /// - Returns: the loss (nats) and d loss / d logits (0 for inactive classes).
  public static func crossEntropy(_ logits: [Float], label: Int, active: [Int]? = nil) -> (loss: Float, gradient: [Float]) {
    let classes = active ?? Array(logits.indices)
    var sub = classes.map { logits[$0] }
    let loss = sub.withUnsafeMutableBufferPointer { s -> Float in
      guard let base = s.baseAddress else { return 0 }
      return crossEntropy(base, count: s.count, label: classes.firstIndex(of: label), gradient: base)
    }
    var gradient = [Float](repeating: 0, count: logits.count)
    for (k, c) in classes.enumerated() { gradient[c] = sub[k] }
    return (loss, gradient)
  }

  /// Distillation: −T²·Σ q·log softmax(logits/T), q = softmax(teacher/T) (Hinton et al. 2015;
  /// van de Ven et al. 2020 with T = 2). The teacher covers the first `teacher.count` logits; the
  /// student's softmax runs over all of `logits`, with the teacher's probabilities zero-padded for the
  /// rest (the classes new since the teacher, in Class-IL).
  public static func distillation(_ logits: [Float], teacher: [Float], temperature: Float) -> (loss: Float, gradient: [Float]) {
    // One more value than needed in each buffer, so that none is empty (and every base address exists).
    var gradient = [Float](repeating: 0, count: logits.count + 1), q = [Float](repeating: 0, count: teacher.count + 1)
    let z = logits + [0], t = teacher + [0]
    let loss = gradient.withUnsafeMutableBufferPointer { p in
      q.withUnsafeMutableBufferPointer { scratch in
        z.withUnsafeBufferPointer { z in
          t.withUnsafeBufferPointer { t in
            distillation(z.baseAddress!, count: logits.count, teacher: t.baseAddress!, teacherCount: teacher.count,
                         temperature: temperature, scratch: scratch.baseAddress!, gradient: p.baseAddress!)
          }
        }
      }
    }
    gradient.removeLast()
    return (loss, gradient)
  }

  /// Binary cross-entropy between probabilities `p` (clamped) and targets `x`, summed over
  /// elements; gradient with respect to the pre-sigmoid logits z (p = σ(z)): p − x.
  public static func binaryCrossEntropyWithLogits(_ z: [Float], targets x: [Float]) -> (loss: Float, gradient: [Float]) {
    onArrays(z, x) { binaryCrossEntropyWithLogits($0, targets: $1, count: $2, gradient: $3, scale: 1) }
  }

  /// Runs a raw-storage loss on arrays: its loss and a new gradient array.
  private static func onArrays(_ y: [Float], _ x: [Float],
                               _ loss: (UnsafePointer<Float>, UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>) -> Float)
    -> (loss: Float, gradient: [Float]) {
    precondition(y.count == x.count, "internal error: \(y.count) outputs for \(x.count) targets")
    var gradient = [Float](repeating: 0, count: y.count)
    guard !y.isEmpty else { return (0, gradient) }
    let value = y.withUnsafeBufferPointer { yb in
      x.withUnsafeBufferPointer { xb in gradient.withUnsafeMutableBufferPointer { loss(yb.baseAddress!, xb.baseAddress!, y.count, $0.baseAddress!) } }
    }
    return (value, gradient)
  }

  /// The same on raw storage: returns the loss of `count` logits and writes `scale` × its gradient to
  /// `gradient`. One exponential per element: with e = e^(−|z|), log(1 + e^(−|z|)) = log1p(e) and
  /// σ(z) = 1/(1 + e) for z ≥ 0, e/(1 + e) otherwise.
  public static func binaryCrossEntropyWithLogits(_ z: UnsafePointer<Float>, targets x: UnsafePointer<Float>, count: Int,
                                                  gradient: UnsafeMutablePointer<Float>, scale: Float) -> Float {
    var loss: Float = 0
    for i in 0..<count {
      // −[x log σ(z) + (1−x) log(1−σ(z))] = max(z,0) − z·x + log(1 + e^(−|z|))
      let e = exp(-abs(z[i]))
      loss += max(z[i], 0) - z[i] * x[i] + log1p(e)
      let sigmoid = z[i] >= 0 ? 1 / (1 + e) : e / (1 + e)
      gradient[i] = (sigmoid - x[i]) * scale
    }
    return loss
  }

  /// `binaryCrossEntropyWithLogits`'s gradient alone (the same bits), without the loss's logarithm: for
  /// training steps whose loss value nobody reads.
  public static func binaryCrossEntropyWithLogitsGradient(_ z: UnsafePointer<Float>, targets x: UnsafePointer<Float>, count: Int,
                                                          gradient: UnsafeMutablePointer<Float>, scale: Float) {
    for i in 0..<count {
      let e = exp(-abs(z[i]))
      let sigmoid = z[i] >= 0 ? 1 / (1 + e) : e / (1 + e)
      gradient[i] = (sigmoid - x[i]) * scale
    }
  }

  /// Squared error ½Σ(y − x)² and its gradient y − x.
  public static func squaredError(_ y: [Float], targets x: [Float]) -> (loss: Float, gradient: [Float]) {
    onArrays(y, x) { squaredError($0, targets: $1, count: $2, gradient: $3, scale: 1) }
  }

  /// The same on raw storage: returns the loss of `count` values and writes `scale` × its gradient to `gradient`.
  public static func squaredError(_ y: UnsafePointer<Float>, targets x: UnsafePointer<Float>, count: Int,
                                  gradient: UnsafeMutablePointer<Float>, scale: Float) -> Float {
    var loss: Float = 0
    for i in 0..<count {
      let d = y[i] - x[i]
      loss += 0.5 * d * d
      gradient[i] = d * scale
    }
    return loss
  }
}
