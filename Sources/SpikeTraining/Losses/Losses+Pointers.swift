#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The softmax losses on raw storage, so that a training step's rows need no arrays of their own;
/// the array forms in `Losses` call these (one implementation, the same bits).
extension Losses {
  /// softmax(x / temperature) of the `count` values at `x`, into `out` (which may be `x`): each
  /// value divided by the temperature, the largest subtracted, exponentials summed from zero in order.
  public static func softmax(_ x: UnsafePointer<Float>, count: Int, temperature: Float, into out: UnsafeMutablePointer<Float>) {
    guard count > 0 else { return }
    for k in 0..<count { out[k] = x[k] / temperature }
    var top = out[0]
    for k in 1..<count where top < out[k] { top = out[k] }
    var sum: Float = 0
    for k in 0..<count { sum = sum + exp(out[k] - top) }
    let logSum = top + log(sum)
    for k in 0..<count { out[k] = exp(out[k] - logSum) }
  }

  /// Cross-entropy of the `count` logits at `logits` against position `label` (nil: none of them):
  /// writes d loss / d logits into `gradient` (which may be `logits`) and returns the loss, nats
  /// (the probability at `label`, or at 0 when nil, clamped at 1e-30).
  public static func crossEntropy(_ logits: UnsafePointer<Float>, count: Int, label: Int?,
                                  gradient: UnsafeMutablePointer<Float>) -> Float {
    guard count > 0 else { return 0 }
    softmax(logits, count: count, temperature: 1, into: gradient)
    let loss = -log(max(gradient[label ?? 0], 1e-30))
    for k in 0..<count { gradient[k] = gradient[k] - (k == label ? 1 : 0) }
    return loss
  }

  /// Distillation of the `count` logits at `logits` toward the `teacherCount` (≤ `count`) teacher
  /// logits at `teacher` at `temperature` (see `distillation(_:teacher:temperature:)`): writes
  /// d loss / d logits into `gradient` (which may be `logits`) and returns the loss; `scratch` holds
  /// `teacherCount` values.
  public static func distillation(_ logits: UnsafePointer<Float>, count: Int, teacher: UnsafePointer<Float>, teacherCount n: Int,
                                  temperature: Float, scratch q: UnsafeMutablePointer<Float>, gradient p: UnsafeMutablePointer<Float>) -> Float {
    softmax(teacher, count: n, temperature: temperature, into: q)
    softmax(logits, count: count, temperature: temperature, into: p)
    var loss: Float = 0
    for c in 0..<n where q[c] > 0 { loss -= q[c] * log(max(p[c], 1e-30)) }
    // d/dz of −T² Σ q log softmax(z/T) = T (p − q), q = 0 beyond the teacher's classes.
    for c in 0..<count { p[c] = temperature * (p[c] - (c < n ? q[c] : 0)) }
    return loss * temperature * temperature
  }
}
