import SpikelineSupport

/// One state variable (membrane potential, a synaptic current, a refractory countdown) for every
/// unit of a network, in memory that threads owning disjoint neuron ranges write at once.
///
/// The buffer never moves or grows, so its base address can be handed to worker threads for the
/// duration of a run; reads and writes through the subscript are unchecked in release builds, and
/// a simulator that holds it in a `let` pays no exclusivity check per access (an `Array` in a class's
/// `var` pays one on every read and write).
final class UnitBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Element>
  let count: Int

  /// `count` elements, each `value`.
  init(repeating value: Element, count: Int) {
    self.count = count
    // Cache-line aligned, so that the aligned slices of `ChipPartition` start on a line of their own.
    base = LargeAllocation.allocate(Element.self, capacity: count)
    base.initialize(repeating: value, count: max(count, 1))
  }

  deinit { UnsafeMutableRawPointer(base).deallocate() }

  subscript(index: Int) -> Element {
    get {
      assert(index >= 0 && index < count)
      return base[index]
    }
    set {
      assert(index >= 0 && index < count)
      base[index] = newValue
    }
  }

  /// Sets every element to `value`.
  func fill(with value: Element) {
    base.update(repeating: value, count: count)
  }

  /// The whole buffer.
  var buffer: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }
}
