/// What a training phase costs on a chip profile.
public struct TrainingCostReport: Codable, Sendable, Equatable {
  /// Joules or seconds per part of the phase.
  public struct Parts: Codable, Sendable, Equatable {
    /// The forward pass (synaptic events, neuron updates, dense multiply-accumulates).
    public var forward: Double = 0
    /// The backward pass (gradients through time and layers).
    public var backward: Double = 0
    /// Parameter updates.
    public var update: Double = 0
    /// Memory traffic outside the network (replay buffer, decompression).
    public var memory: Double = 0
    /// Management processors' power of the powered chips over the phase (energy only; 0 in latency).
    public var management: Double = 0
    /// Static power of the powered chips over the phase (energy only; 0 in latency).
    public var `static`: Double = 0
    /// The sum of the parts.
    public var total: Double = 0
    /// Zero in every part.
    public init() {}
  }

  /// The profile's name.
  public var profile: String
  /// The operations priced.
  public var workload: TrainingWorkload
  /// Energy per part, joules.
  public var energyJoules: Parts
  /// Latency per part, seconds.
  public var latencySeconds: Parts
  /// Energy split as chip reports split it, joules: core dynamic (the forward pass on the
  /// neuromorphic cores), other dynamic (dense backward and update work, memory traffic,
  /// management processors), static, and total.
  public var energySplit: EnergyBreakdown

  /// Prices `workload` on `profile`.
  ///
  /// Latency: forward work (spike-driven) runs `forwardParallelism` cores wide and every forward
  /// timestep also pays the chip's synchronisation (the on-chip barrier or the profile's
  /// synchronisation for `chips` chips, whichever is larger); dense work (backward, updates)
  /// `profile.denseParallelism` wide; memory traffic serially. Static power and the management
  /// processors' power are drawn by `chips` powered chips for the whole latency.
  /// - Throws: `SpikelineError` naming a figure the profile lacks.
  public init(workload: TrainingWorkload, profile: ChipProfile, forwardParallelism: Int = 1, chips: Int = 1) throws {
    let purpose = "training cost"
    let eSyn = try profile.require(profile.synapticOpEnergy, "synapticOpEnergy", for: purpose)
    let eUpdate = try profile.require(profile.neuronUpdateEnergy, "neuronUpdateEnergy", for: purpose)
    let eMAC = try profile.require(profile.macEnergy, "macEnergy", for: purpose)
    let eAC = try profile.require(profile.accumulateEnergy, "accumulateEnergy", for: purpose)
    let eWeight = try profile.require(profile.synapticUpdateEnergy, "synapticUpdateEnergy", for: purpose)
    let eMemory = try profile.require(profile.memoryAccessEnergy, "memoryAccessEnergy", for: purpose)
    let powered = Double(max(chips, 1))
    let synchronisation = profile.timestepSynchronisation(tilesInUse: 1, tilesPerChip: 1, chips: chips)
    let tSyn = try profile.require(profile.synapticOpLatency, "synapticOpLatency", for: purpose)
    let tUpdate = try profile.require(profile.neuronUpdateLatency, "neuronUpdateLatency", for: purpose)
    let tMAC = try profile.require(profile.macLatency, "macLatency", for: purpose)
    let tAC = try profile.require(profile.accumulateLatency, "accumulateLatency", for: purpose)
    let tWeight = try profile.require(profile.synapticUpdateLatency, "synapticUpdateLatency", for: purpose)
    let tMemory = try profile.require(profile.memoryAccessLatency, "memoryAccessLatency", for: purpose)
    let dense = Double(max(profile.denseParallelism ?? 1, 1))
    let forwardWide = Double(max(forwardParallelism, 1))

    self.profile = profile.name
    self.workload = workload
    var energy = Parts()
    energy.forward = Double(workload.forwardSynapticOps) * eSyn + Double(workload.forwardMACs) * eMAC
      + Double(workload.neuronUpdates) * eUpdate
    energy.backward = Double(workload.backwardMACs) * eMAC + Double(workload.backwardAccumulates) * eAC
    energy.update = Double(workload.weightUpdates) * eWeight
    energy.memory = Double(workload.memoryWords) * eMemory
    var latency = Parts()
    latency.forward = (Double(workload.forwardSynapticOps) * tSyn + Double(workload.neuronUpdates) * tUpdate) / forwardWide
      + Double(workload.forwardMACs) * tMAC / dense + Double(workload.timesteps) * synchronisation
    latency.backward = (Double(workload.backwardMACs) * tMAC + Double(workload.backwardAccumulates) * tAC) / dense
    latency.update = Double(workload.weightUpdates) * tWeight / dense
    latency.memory = Double(workload.memoryWords) * tMemory
    latency.total = latency.forward + latency.backward + latency.update + latency.memory
    energy.management = (profile.managementPowerPerChip ?? 0) * powered * latency.total
    energy.static = (profile.staticPowerPerChip ?? 0) * powered * latency.total
    energy.total = energy.forward + energy.backward + energy.update + energy.memory + energy.management + energy.static
    energyJoules = energy
    latencySeconds = latency
    var split = EnergyBreakdown()
    split.synaptic = Double(workload.forwardSynapticOps) * eSyn + Double(workload.forwardMACs) * eMAC
    split.neuron = Double(workload.neuronUpdates) * eUpdate
    split.denseWork = energy.backward + energy.update + energy.memory
    split.management = energy.management
    split.static = energy.static
    split.finish()
    energySplit = split
  }
}
