import Synchronization

/// Sums the gradients of a batch's work units into one total in unit order, as the units finish.
///
/// `total = g₀ + g₁ + … + g₍ᵤ₋₁₎`, added left to right, is the order that makes a training step's
/// bits independent of the thread count. Units finish in any order on several threads; a finished
/// unit's gradient waits until every earlier unit has been added, and whichever thread finds the
/// next unit ready adds it (and any ready after it) while the other threads go on computing. Each
/// addition also zeroes the unit's buffer, which then goes back to a pool for the next unit, so
/// one thread needs a single buffer, re-used while it is still in cache, where keeping one buffer
/// per unit (64 samples / 4 per unit × 218,500 parameters = 14 MB for the SpikingLR network) made
/// each batch zero-fill and then re-read all of them from memory after the units, on one thread.
final class OrderedGradientSum: @unchecked Sendable {
  /// Floats of one gradient.
  let count: Int
  /// The sum of the units added so far (valid once `finish` has returned for every unit).
  let total: FloatBuffer

  private struct State {
    /// The finished units' gradients waiting for an earlier unit, by unit.
    var waiting: [FloatBuffer?] = []
    /// The next unit to add.
    var next = 0
    /// Whether a thread is adding units now (it picks up whatever becomes ready meanwhile).
    var adding = false
    /// Zeroed buffers for units to come.
    var free: [FloatBuffer] = []
  }
  private let state = Mutex(State())

  init(count: Int) {
    self.count = count
    total = FloatBuffer(count: count)
  }

  /// Starts a sum over `units` units (call before the units start; not thread-safe with them).
  func start(units: Int) {
    state.withLock { state in
      precondition(!state.adding, "a gradient sum was restarted while a thread was adding to it")
      state.waiting = Array(repeating: nil, count: units)
      state.next = 0
    }
  }

  /// A zeroed buffer for one unit's gradient (from the pool, or new).
  func buffer() -> FloatBuffer {
    state.withLock { $0.free.popLast() } ?? FloatBuffer(count: count)
  }

  /// Hands over unit `unit`'s gradient: adds it, and every waiting unit after it, if every earlier
  /// unit has been added; otherwise leaves it to the thread that adds the unit before it.
  func finish(unit: Int, _ gradient: FloatBuffer) {
    var ready: (unit: Int, gradient: FloatBuffer)? = state.withLock { state in
      state.waiting[unit] = gradient
      return Self.claimNext(&state)
    }
    while let (unit, gradient) = ready {
      Self.add(gradient, into: total, first: unit == 0)
      ready = state.withLock { state in
        state.free.append(gradient)
        state.next += 1
        state.adding = false
        return Self.claimNext(&state)
      }
    }
  }

  /// Units added so far.
  var added: Int { state.withLock { $0.next } }

  /// The next unit's gradient if it is ready and no thread is adding; marks this thread as adding.
  private static func claimNext(_ state: inout State) -> (unit: Int, gradient: FloatBuffer)? {
    guard !state.adding, state.next < state.waiting.count, let gradient = state.waiting[state.next] else { return nil }
    state.waiting[state.next] = nil
    state.adding = true
    return (state.next, gradient)
  }

  /// `total = gradient` (the first unit) or `total += gradient`, element by element, zeroing `gradient`.
  private static func add(_ gradient: FloatBuffer, into total: FloatBuffer, first: Bool) {
    let sum = total.pointer, part = gradient.pointer
    if first {
      for i in 0..<total.count { sum[i] = part[i]; part[i] = 0 }
    } else {
      for i in 0..<total.count { sum[i] += part[i]; part[i] = 0 }
    }
  }
}
