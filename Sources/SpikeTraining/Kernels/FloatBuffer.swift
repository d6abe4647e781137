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
