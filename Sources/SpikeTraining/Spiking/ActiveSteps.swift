/// The inputs of one layer in one sample, listed by input rather than by step: input i's entries are
/// `current[start[i]..<start[i + 1]]` and `scale[…]`, the backward step t whose dI multiplies it (its
/// activity was at t − 1) and the spike's value, latest step first.
///
/// The backward pass uses it to add the weight gradient dW[i] += s_in(t−1)[i]·dI_t one row at a time
/// over all steps: each element receives the same additions in the same order (step t descending) as
/// step by step, but a row is loaded and stored once instead of once per step. Storage is allocated
/// once per workspace and grows only when a sample needs more.
final class ActiveSteps: @unchecked Sendable {
  /// `inputs + 1` offsets into `current` and `scale`.
  private(set) var start: UnsafeMutablePointer<Int32>
  /// The step t of each entry (the dI_t row it multiplies).
  private(set) var current: UnsafeMutablePointer<Int32>
  /// The spike's value of each entry (a spike count, 1, or the smooth spike of gradient-check mode).
  private(set) var scale: UnsafeMutablePointer<Float>
  private(set) var inputs = 0
  /// The layer whose spikes the lists hold (nil: the sample's input, or nothing yet). The backward pass
  /// clears it when it starts (`forget()`), since a new forward pass changes every layer's spikes.
  private(set) var listing: Int?
  /// Where `fill` writes each input's next entry.
  private var cursor: UnsafeMutablePointer<Int32>
  private var inputCapacity = 1, entryCapacity = 1

  init() {
    start = .allocate(capacity: 1)
    start.initialize(to: 0)
    cursor = .allocate(capacity: 1)
    current = .allocate(capacity: 1)
    scale = .allocate(capacity: 1)
  }

  deinit {
    start.deallocate()
    cursor.deallocate()
    current.deallocate()
    scale.deallocate()
  }

  /// The entries of input i.
  @inline(__always)
  func range(of i: Int) -> Range<Int> { Int(start[i])..<Int(start[i + 1]) }

  /// Lists the activity of steps 0..<`steps` − 1 by input. `entries(t)` gives step t's active inputs
  /// (index, value) in any order; inputs ≥ `inputs` are skipped. A counting sort: one pass counts,
  /// one fills from the last step down, so each input's entries come out latest first. `listing`
  /// tags what the lists then hold (see `listing`).
  @inline(__always)
  func fill(inputs: Int, steps: Int, total: Int, listing: Int?,
            entries: (_ step: Int, _ visit: (_ input: Int, _ value: Float) -> Void) -> Void) {
    reserve(inputs: inputs, entries: total)
    self.inputs = inputs
    self.listing = listing
    start.update(repeating: 0, count: inputs + 1)
    let start = self.start, cursor = self.cursor, current = self.current, scale = self.scale
    let lastStep = steps - 2
    guard lastStep >= 0 else { return }
    for t in 0...lastStep {
      entries(t) { input, _ in if input < inputs { start[input + 1] += 1 } }
    }
    for i in 0..<inputs { start[i + 1] += start[i] }
    // Fill positions from each input's start; walking steps downwards lists the latest first.
    cursor.update(from: start, count: inputs)
    for t in stride(from: lastStep, through: 0, by: -1) {
      entries(t) { input, value in
        guard input < inputs else { return }
        let k = Int(cursor[input])
        current[k] = Int32(t + 1)
        scale[k] = value
        cursor[input] += 1
      }
    }
  }

  /// Marks the lists as holding nothing reusable.
  func forget() { listing = nil }

  private func reserve(inputs: Int, entries: Int) {
    if inputs + 1 > inputCapacity {
      start.deallocate()
      cursor.deallocate()
      inputCapacity = inputs + 1
      start = .allocate(capacity: inputCapacity)
      cursor = .allocate(capacity: inputCapacity)
    }
    if entries > entryCapacity {
      current.deallocate()
      scale.deallocate()
      entryCapacity = max(entries, 2 * entryCapacity)
      current = .allocate(capacity: entryCapacity)
      scale = .allocate(capacity: entryCapacity)
    }
  }
}
