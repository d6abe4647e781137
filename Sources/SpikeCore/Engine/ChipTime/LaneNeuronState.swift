import SpikelineSupport

/// A thread's own copy of its neurons' state during a free run on threads, as a chip's core keeps
/// its neurons in its own memory (see `ChipTimeSimulation.runFreely`).
///
/// Why: with every thread's slices in one shared array per state variable, the slices of different
/// threads meet at cache lines that sit side by side, and each core's hardware prefetchers run a few
/// lines past the end of its slice into the next thread's. Every tick, each thread then writes lines
/// that the other core has just fetched, and the line changes hands. At CUBA-4000 (a tick of about
/// 1 µs of update per thread) those hand-overs cost more than the split saved. With a copy of its
/// own, a thread touches only memory that no other thread reads or writes during the run.
///
/// The copy has room for every unit, so a thread indexes it with the same global unit indices as
/// the shared arrays; only its own slices are ever written or read (the rest of the allocation is
/// never touched, so the operating system never backs it with memory).
final class LaneNeuronState {
  let units: Int
  /// The tick state with this copy's arrays in place of the shared ones (the fields of the
  /// arithmetic not in use keep the shared, never-touched pointers).
  let pointers: ChipTickState
  private let allocations: [UnsafeMutableRawPointer]

  /// Room for the state of `shared.units` units in `shared`'s arithmetic; nothing is copied yet.
  init(like shared: ChipTickState) {
    units = shared.units
    var allocations: [UnsafeMutableRawPointer] = []
    // Room for every unit, cache-line aligned (see `LargeAllocation`), left uninitialised: a
    // slice is always loaded before it is read, and bitwise-copyable elements need no initialisation.
    func allocate<Element: BitwiseCopyable>(_: Element.Type) -> UnsafeMutablePointer<Element> {
      let pointer = LargeAllocation.allocate(Element.self, capacity: shared.units)
      allocations.append(UnsafeMutableRawPointer(pointer))
      return pointer
    }
    var pointers = shared
    pointers.refractory = allocate(Int32.self)
    if shared.fixed {
      pointers.fixedPotential = allocate(Int64.self)
      pointers.fixedExcitatory = allocate(Int64.self)
      pointers.fixedInhibitory = allocate(Int64.self)
      pointers.fixedInput = allocate(Int64.self)
    } else {
      pointers.potential = allocate(Float.self)
      pointers.excitatory = allocate(Float.self)
      pointers.inhibitory = allocate(Float.self)
      pointers.input = allocate(Float.self)
    }
    self.pointers = pointers
    self.allocations = allocations
  }

  deinit { for allocation in allocations { allocation.deallocate() } }

  /// Whether this copy fits a simulation whose tick state is `shared`.
  func fits(_ shared: ChipTickState) -> Bool { shared.units == units && shared.fixed == pointers.fixed }

  /// `shared`, reading and writing this copy's arrays instead of the shared state arrays.
  func substituted(into shared: ChipTickState) -> ChipTickState {
    var state = shared
    state.refractory = pointers.refractory
    state.potential = pointers.potential
    state.excitatory = pointers.excitatory
    state.inhibitory = pointers.inhibitory
    state.input = pointers.input
    state.fixedPotential = pointers.fixedPotential
    state.fixedExcitatory = pointers.fixedExcitatory
    state.fixedInhibitory = pointers.fixedInhibitory
    state.fixedInput = pointers.fixedInput
    return state
  }

  /// Copies the units `ranges` (global indices) from the shared arrays of `shared` into this copy.
  func load(_ ranges: [Range<Int>], from shared: ChipTickState) {
    for range in ranges { copy(range, from: shared, to: pointers) }
  }

  /// Copies the units `ranges` (global indices) from this copy back into the shared arrays of `shared`.
  func store(_ ranges: [Range<Int>], into shared: ChipTickState) {
    for range in ranges { copy(range, from: pointers, to: shared) }
  }

  private func copy(_ range: Range<Int>, from source: ChipTickState, to destination: ChipTickState) {
    guard !range.isEmpty else { return }
    func move<Element>(_ from: UnsafeMutablePointer<Element>, _ to: UnsafeMutablePointer<Element>) {
      (to + range.lowerBound).update(from: from + range.lowerBound, count: range.count)
    }
    move(source.refractory, destination.refractory)
    if source.fixed {
      move(source.fixedPotential, destination.fixedPotential)
      move(source.fixedExcitatory, destination.fixedExcitatory)
      move(source.fixedInhibitory, destination.fixedInhibitory)
      move(source.fixedInput, destination.fixedInput)
    } else {
      move(source.potential, destination.potential)
      move(source.excitatory, destination.excitatory)
      move(source.inhibitory, destination.inhibitory)
      move(source.input, destination.input)
    }
  }
}
