/// Everything one thread reads and writes during a tick's parallel phase, as raw addresses: the
/// neuron state, the compiled populations and projections and the tick's deliveries.
///
/// Worker threads touch no reference-counted object and no class property while a tick runs, so
/// two threads never contend for a reference count or an exclusivity record; they share only the
/// memory they read. Valid for one tick: the main thread builds it before the phase starts.
struct ChipTickState: @unchecked Sendable {
  var units: Int
  var potential: UnsafeMutablePointer<Float>
  var excitatory: UnsafeMutablePointer<Float>
  var inhibitory: UnsafeMutablePointer<Float>
  var input: UnsafeMutablePointer<Float>
  var refractory: UnsafeMutablePointer<Int32>
  var fixedPotential: UnsafeMutablePointer<Int64>
  var fixedExcitatory: UnsafeMutablePointer<Int64>
  var fixedInhibitory: UnsafeMutablePointer<Int64>
  var fixedInput: UnsafeMutablePointer<Int64>
  var populations: UnsafeBufferPointer<ChipTimeSimulation.CompiledPopulation>
  var views: UnsafeBufferPointer<ChipTimeSimulation.ProjectionView>
  var deliveries: UnsafeBufferPointer<PendingDelivery>
  var fixed: Bool

  /// `units` elements from `base`.
  @inline(__always)
  func buffer<Element>(_ base: UnsafeMutablePointer<Element>) -> UnsafeMutableBufferPointer<Element> {
    UnsafeMutableBufferPointer(start: base, count: units)
  }
}

extension ChipTimeSimulation {
  /// The raw view of this tick for the threads: neuron state, compiled populations and projections,
  /// and `deliveries`. Valid while the three buffers are.
  func tickState(populations: UnsafeBufferPointer<CompiledPopulation>, views: UnsafeBufferPointer<ProjectionView>,
                 deliveries: UnsafeBufferPointer<PendingDelivery>) -> ChipTickState {
    ChipTickState(
      units: potential.count, potential: potential.base, excitatory: excitatory.base, inhibitory: inhibitory.base,
      input: input.base, refractory: refractory.base, fixedPotential: fixedPotential.base,
      fixedExcitatory: fixedExcitatory.base, fixedInhibitory: fixedInhibitory.base, fixedInput: fixedInput.base,
      populations: populations, views: views, deliveries: deliveries, fixed: arithmetic.format != nil)
  }
}
