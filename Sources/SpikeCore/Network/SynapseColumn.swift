import SpikelineSupport

/// One per-synapse column of a `SynapseTable` (targets, weights, delay codes): a fixed-size,
/// immutable, contiguous buffer shared by every copy of the table and by the simulators that
/// read it, so compiling a network for a simulator copies nothing.
///
/// Unlike `Array`, the buffer is allocated once at its final size and filled in place (in parallel,
/// by disjoint row ranges) while it is built; after that it never changes, which is what lets several
/// threads read it through a stable base address.
public struct SynapseColumn<Element: BitwiseCopyable & Sendable>: RandomAccessCollection, @unchecked Sendable {
  @usableFromInline let storage: SynapseColumnStorage<Element>

  /// A column holding `elements`.
  public init(_ elements: some Collection<Element>) {
    storage = SynapseColumnStorage(uninitializedCount: elements.count)
    var index = 0
    for element in elements { storage.base[index] = element; index += 1 }
  }

  /// A column of `count` elements written by `fill` through a pointer to uninitialised memory;
  /// `fill` must write every element.
  init(uninitializedCount count: Int, fill: (UnsafeMutablePointer<Element>) throws -> Void) rethrows {
    storage = SynapseColumnStorage(uninitializedCount: count)
    try fill(storage.base)
  }

  /// A column that takes over `base`, allocated with `UnsafeMutablePointer.allocate` for at least
  /// `count` initialised elements (and freed with the column).
  init(adopting base: UnsafeMutablePointer<Element>, count: Int) {
    storage = SynapseColumnStorage(adopting: base, count: count)
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { storage.count }

  /// The element at `position`.
  @inlinable
  public subscript(position: Int) -> Element {
    precondition(position >= 0 && position < storage.count, "synapse index out of range")
    return storage.base[position]
  }

  /// Calls `body` with the elements' contiguous memory, valid for the duration of the call.
  @inlinable
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
    try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: storage.base, count: storage.count)) }
  }

  /// The first element's address, valid while a copy of this column is kept alive (the buffer never
  /// moves or changes). Simulators and the chip model keep the column in a stored property and read
  /// through this address from worker threads, with no reference counting per access.
  public var baseAddress: UnsafePointer<Element> { UnsafePointer(storage.base) }

  /// Bytes of memory held.
  public var storageBytes: Int { storage.count * MemoryLayout<Element>.stride }
}

extension SynapseColumn: Equatable where Element: Equatable {
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.storage === rhs.storage || lhs.elementsEqual(rhs)
  }
}

/// The heap buffer behind a `SynapseColumn`; deallocates its memory when the last column goes.
@usableFromInline
final class SynapseColumnStorage<Element: BitwiseCopyable> {
  @usableFromInline let base: UnsafeMutablePointer<Element>
  @usableFromInline let count: Int

  init(uninitializedCount count: Int) {
    self.count = count
    base = LargeAllocation.allocate(Element.self, capacity: count)
  }

  init(adopting base: UnsafeMutablePointer<Element>, count: Int) {
    self.count = count
    self.base = base
  }

  deinit { base.deallocate() }
}
