/// The one pending wake-up of each neuron of a continuous-time run (its predicted threshold
/// crossing, or a check before it), in an indexed binary min-heap ordered by (time, sequence).
///
/// A neuron's prediction is replaced after every input it receives. Kept in the run's main event
/// heap, each replaced prediction would stay there as a dead event until its time came (about one
/// per synaptic event); here it is updated in place, so this heap never holds more than one entry per
/// neuron. Sequence numbers come from the main queue's counter, so merging the two heaps by (time,
/// sequence) handles events in exactly the order a single heap would.
struct NeuronWakeups {
  enum Kind: UInt8 {
    /// The neuron reaches threshold at this time (predicted exactly).
    case crossing
    /// The neuron cannot cross before this time: predict again then.
    case check
  }

  /// Heap of units, ordered by their (time, sequence).
  private var heap: UnitBuffer<Int32>
  private(set) var count = 0
  /// Per unit: its index in `heap`, or −1 when it has no wake-up.
  private let position: UnitBuffer<Int32>
  private let times: UnitBuffer<Double>
  private let sequences: UnitBuffer<UInt64>
  private let kinds: UnitBuffer<UInt8>

  init(units: Int) {
    heap = UnitBuffer(repeating: 0, count: units)
    position = UnitBuffer(repeating: -1, count: units)
    times = UnitBuffer(repeating: 0, count: units)
    sequences = UnitBuffer(repeating: 0, count: units)
    kinds = UnitBuffer(repeating: 0, count: units)
  }

  /// Removes every wake-up.
  mutating func removeAll() {
    count = 0
    position.fill(with: -1)
  }

  /// The earliest wake-up: (unit, time, sequence, kind).
  var first: (unit: Int, time: Double, sequence: UInt64, kind: Kind)? {
    guard count > 0 else { return nil }
    let unit = Int(heap[0])
    return (unit, times[unit], sequences[unit], Kind(rawValue: kinds[unit]) ?? .check)
  }

  /// The wake-up of `unit`, if it has one.
  func wakeup(of unit: Int) -> (time: Double, sequence: UInt64, kind: Kind)? {
    guard position[unit] >= 0 else { return nil }
    return (times[unit], sequences[unit], Kind(rawValue: kinds[unit]) ?? .check)
  }

  /// Every pending wake-up, in no particular order (for viewers).
  var all: [(unit: Int, time: Double, sequence: UInt64, kind: Kind)] {
    (0..<count).map { index in
      let unit = Int(heap[index])
      return (unit, times[unit], sequences[unit], Kind(rawValue: kinds[unit]) ?? .check)
    }
  }

  @inline(__always)
  private func precedes(_ x: Int32, _ y: Int32) -> Bool {
    let a = Int(x), b = Int(y)
    return times[a] < times[b] || (times[a] == times[b] && sequences[a] < sequences[b])
  }

  /// Gives `unit` the wake-up (time, sequence, kind), replacing any it had.
  /// - Complexity: O(log *n*) for *n* neurons with a wake-up.
  mutating func schedule(_ unit: Int, time: Double, sequence: UInt64, kind: Kind) {
    times[unit] = time
    sequences[unit] = sequence
    kinds[unit] = kind.rawValue
    var index = Int(position[unit])
    if index < 0 {
      index = count
      count += 1
      heap[index] = Int32(unit)
      position[unit] = Int32(index)
    }
    siftDown(siftUp(index))
  }

  /// Removes the wake-up of `unit`, if any.
  /// - Complexity: O(log *n*).
  mutating func cancel(_ unit: Int) {
    let index = Int(position[unit])
    guard index >= 0 else { return }
    position[unit] = -1
    count -= 1
    guard index < count else { return }
    let moved = heap[count]
    heap[index] = moved
    position[Int(moved)] = Int32(index)
    siftDown(siftUp(index))
  }

  /// Moves the entry at `index` towards the root while it precedes its parent; returns where it ends.
  @inline(__always)
  private func siftUp(_ start: Int) -> Int {
    var index = start
    let unit = heap[index]
    while index > 0 {
      let parent = (index - 1) >> 1
      let above = heap[parent]
      guard precedes(unit, above) else { break }
      heap[index] = above
      position[Int(above)] = Int32(index)
      index = parent
    }
    heap[index] = unit
    position[Int(unit)] = Int32(index)
    return index
  }

  /// Moves the entry at `index` towards the leaves while a child precedes it.
  @inline(__always)
  private func siftDown(_ start: Int) {
    var index = start
    let unit = heap[index]
    while true {
      let left = 2 * index + 1
      guard left < count else { break }
      let right = left + 1
      let child = right < count && precedes(heap[right], heap[left]) ? right : left
      let below = heap[child]
      guard precedes(below, unit) else { break }
      heap[index] = below
      position[Int(below)] = Int32(index)
      index = child
    }
    heap[index] = unit
    position[Int(unit)] = Int32(index)
  }
}
