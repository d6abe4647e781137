/// The energy of each counted event on one profile, joules; prices a cost entry's dynamic energy.
struct EventPrices {
  let synapticOp: Double
  let neuronUpdate: Double
  let activeNeuronUpdate: Double
  let message: Double
  let hopEastWest: Double
  let hopNorthSouth: Double
  let chipCrossing: Double
  let hostSpike: Double

  /// - Throws: `SpikelineError` naming a per-event energy the profile lacks (the optional fixed
  ///   costs, chip crossings and host spikes, count as 0 when absent).
  init(_ profile: ChipProfile) throws {
    let purpose = "chip energy"
    synapticOp = try profile.require(profile.synapticOpEnergy, "synapticOpEnergy", for: purpose)
    neuronUpdate = try profile.require(profile.neuronUpdateEnergy, "neuronUpdateEnergy", for: purpose)
    activeNeuronUpdate = try profile.require(profile.activeNeuronUpdateEnergy, "activeNeuronUpdateEnergy", for: purpose)
    message = try profile.require(profile.spikeMessageEnergy, "spikeMessageEnergy", for: purpose)
    hopEastWest = try profile.require(profile.hopEnergyEastWest, "hopEnergyEastWest", for: purpose)
    hopNorthSouth = try profile.require(profile.hopEnergyNorthSouth, "hopEnergyNorthSouth", for: purpose)
    chipCrossing = profile.chipCrossingEnergy ?? 0
    hostSpike = profile.hostSpikeEnergy ?? 0
  }

  /// Sets the dynamic parts of `entry`'s energy from its counts (static and management are set
  /// by the caller, which knows the run time).
  func price(_ entry: inout CostEntry) {
    var energy = entry.energyJoules
    energy.synaptic = Double(entry.synapticOps) * synapticOp
    energy.neuron = entry.isInput ? 0
      : Double(entry.neuronUpdates - entry.spikes) * neuronUpdate + Double(entry.spikes) * activeNeuronUpdate
    energy.routing = Double(entry.messages) * message + Double(entry.hopsEastWest) * hopEastWest
      + Double(entry.hopsNorthSouth) * hopNorthSouth
    energy.chipCrossings = Double(entry.chipCrossings) * chipCrossing
    energy.hostSpikes = entry.isInput ? Double(entry.spikes) * hostSpike : 0
    energy.finish()
    entry.energyJoules = energy
  }
}
