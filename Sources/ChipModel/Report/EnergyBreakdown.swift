/// Energy of a run, joules, split the way chip papers publish it: core dynamic energy (the
/// neuromorphic cores' synaptic and neuron work), other dynamic energy (routing, chip crossings,
/// host spikes, dense training work, management processors), static energy, and their total.
public struct EnergyBreakdown: Codable, Sendable, Equatable {
  /// Synaptic events.
  public var synaptic: Double = 0
  /// Neuron updates (inactive and active).
  public var neuron: Double = 0
  /// Core dynamic energy: synaptic + neuron.
  public var coreDynamic: Double = 0
  /// Spike messages and on-chip mesh hops.
  public var routing: Double = 0
  /// Messages crossing chip boundaries.
  public var chipCrossings: Double = 0
  /// Input spikes injected from the host.
  public var hostSpikes: Double = 0
  /// Dense work beside the cores (a training phase's backward pass, updates and memory traffic;
  /// 0 for a network run).
  public var denseWork: Double = 0
  /// Management processors (Loihi's x86 cores) × the chip's run time.
  public var management: Double = 0
  /// Other dynamic energy: routing + chip crossings + host spikes + dense work + management.
  public var otherDynamic: Double = 0
  /// Dynamic energy: core dynamic + other dynamic.
  public var dynamic: Double = 0
  /// Static power × the chip's run time.
  public var `static`: Double = 0
  /// Dynamic + static.
  public var total: Double = 0

  /// Zero energy.
  public init() {}

  /// Recomputes the sums from the parts.
  mutating func finish() {
    coreDynamic = synaptic + neuron
    otherDynamic = routing + chipCrossings + hostSpikes + denseWork + management
    dynamic = coreDynamic + otherDynamic
    total = dynamic + `static`
  }

  static func + (a: EnergyBreakdown, b: EnergyBreakdown) -> EnergyBreakdown {
    var sum = EnergyBreakdown()
    sum.synaptic = a.synaptic + b.synaptic
    sum.neuron = a.neuron + b.neuron
    sum.routing = a.routing + b.routing
    sum.chipCrossings = a.chipCrossings + b.chipCrossings
    sum.hostSpikes = a.hostSpikes + b.hostSpikes
    sum.denseWork = a.denseWork + b.denseWork
    sum.management = a.management + b.management
    sum.static = a.static + b.static
    sum.finish()
    return sum
  }
}
