/// The innermost loops of training: eight lanes at a time with SIMD, a scalar tail. Pointers are
/// raw so that no array bounds or reference counts are touched per element.
enum VectorKernels {
  /// y[0..<n] += x[0..<n]
  @inline(__always)
  static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ n: Int) {
    var i = 0
    while i + 8 <= n {
      let sum = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self) + UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: SIMD8<Float>.self)
      i += 8
    }
    while i < n { y[i] += x[i]; i += 1 }
  }

  /// y[0..<n] += a·x[0..<n]
  @inline(__always)
  static func addScaled(_ a: Float, _ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, _ n: Int) {
    var i = 0
    let va = SIMD8<Float>(repeating: a)
    while i + 8 <= n {
      let sum = UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self) + va * UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
      UnsafeMutableRawPointer(y + i).storeBytes(of: sum, as: SIMD8<Float>.self)
      i += 8
    }
    while i < n { y[i] += a * x[i]; i += 1 }
  }

  /// y[0..<n] *= a
  @inline(__always)
  static func scale(_ y: UnsafeMutablePointer<Float>, by a: Float, _ n: Int) {
    var i = 0
    let va = SIMD8<Float>(repeating: a)
    while i + 8 <= n {
      UnsafeMutableRawPointer(y + i).storeBytes(of: va * UnsafeRawPointer(y + i).loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
      i += 8
    }
    while i < n { y[i] = a * y[i]; i += 1 }
  }

  /// Σ a[i]·b[i] with eight partial sums combined in a fixed order (deterministic).
  @inline(__always)
  static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var i = 0
    var accumulator = SIMD8<Float>(repeating: 0)
    while i + 8 <= n {
      accumulator += UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
      i += 8
    }
    var sum = accumulator.sum()
    while i < n { sum += a[i] * b[i]; i += 1 }
    return sum
  }

  /// y[0..<n] = 0
  @inline(__always)
  static func zero(_ y: UnsafeMutablePointer<Float>, _ n: Int) {
    y.update(repeating: 0, count: n)
  }
}

/// A Float buffer owned by a class, so hot loops get a stable pointer without copy-on-write checks.
final class FloatBuffer: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Float>
  let count: Int
  init(count: Int) {
    self.count = count
    pointer = .allocate(capacity: max(count, 1))
    pointer.initialize(repeating: 0, count: max(count, 1))
  }
  deinit { pointer.deallocate() }
  subscript(index: Int) -> Float {
    get { pointer[index] }
    set { pointer[index] = newValue }
  }
  func zero() { pointer.update(repeating: 0, count: count) }
  var array: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
