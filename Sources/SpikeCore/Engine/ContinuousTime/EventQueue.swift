/// A scheduled event of the continuous-time simulator.
struct ScheduledEvent {
  enum Kind: UInt8 {
    /// Synapses `c..<d` of row `b` of projection `a` arrive.
    case delivery
    /// Neuron `a` leaves its refractory period.
    case refractoryEnd
    /// Source neuron `b` of population `a` emits its next spike.
    case sourceSpike
    /// Membrane probes sample.
    case probe
  }

  var time: Double
  var sequence: UInt64
  var kind: Kind
  var a: UInt32
  var b: UInt32
  var c: UInt32
  var d: UInt32

  @inline(__always)
  static func < (x: ScheduledEvent, y: ScheduledEvent) -> Bool {
    x.time < y.time || (x.time == y.time && x.sequence < y.sequence)
  }
}

/// A binary min-heap of events ordered by (time, sequence): events at the same time pop in the
/// order they were scheduled, so a run is deterministic. Neurons' predicted crossings live in
/// `NeuronWakeups`, which draws its sequence numbers from here (`takeSequence()`).
struct EventQueue {
  private(set) var storage: ContiguousArray<ScheduledEvent> = []
  private var nextSequence: UInt64 = 0

  var isEmpty: Bool { storage.isEmpty }
  var count: Int { storage.count }
  var first: ScheduledEvent? { storage.first }

  /// The next sequence number, for an event kept outside this heap.
  @inline(__always)
  mutating func takeSequence() -> UInt64 {
    defer { nextSequence &+= 1 }
    return nextSequence
  }

  /// Adds an event; events pushed at equal times pop first-in first-out.
  /// - Complexity: O(log n) comparisons.
  mutating func push(time: Double, kind: ScheduledEvent.Kind, _ a: UInt32 = 0, _ b: UInt32 = 0,
                     _ c: UInt32 = 0, _ d: UInt32 = 0) {
    let event = ScheduledEvent(time: time, sequence: nextSequence, kind: kind, a: a, b: b, c: c, d: d)
    nextSequence &+= 1
    storage.append(event)
    storage.withUnsafeMutableBufferPointer { heap in
      var child = heap.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        if !(heap[child] < heap[parent]) { break }
        heap.swapAt(child, parent)
        child = parent
      }
    }
  }

  /// Removes and returns the earliest event.
  /// - Complexity: O(log n) comparisons.
  mutating func pop() -> ScheduledEvent? {
    guard let top = storage.first else { return nil }
    let last = storage.removeLast()
    if storage.isEmpty { return top }
    storage.withUnsafeMutableBufferPointer { heap in
      heap[0] = last
      var parent = 0
      let n = heap.count
      while true {
        let left = 2 * parent + 1
        if left >= n { break }
        let right = left + 1
        let child = right < n && heap[right] < heap[left] ? right : left
        if !(heap[child] < heap[parent]) { break }
        heap.swapAt(child, parent)
        parent = child
      }
    }
    return top
  }

  mutating func removeAll() { storage.removeAll(keepingCapacity: true) }

  #if SPIKELINE_INTERNAL_CHECKS
  /// Checks the heap property.
  func checkInvariants() {
    for index in storage.indices.dropFirst() {
      precondition(!(storage[index] < storage[(index - 1) / 2]), "internal error: heap property violated")
    }
  }
  #endif
}
