extension ChipReport {
  /// Adds another run of the same network on the same mapping (e.g. the next sample a classifier
  /// runs): counts, energies and times add; per-sample and per-timestep figures are recomputed;
  /// NeuroBench's sparsities become means weighted by timesteps.
  /// - Precondition: `other` costs the same network and mapping.
  public mutating func accumulate(_ other: ChipReport) {
    precondition(other.populations.count == populations.count, "accumulating reports of different networks")
    for index in populations.indices { populations[index].accumulate(other.populations[index]) }
    total.accumulate(other.total)
    let ownSteps = Double(timesteps), otherSteps = Double(other.timesteps)
    ticks += other.ticks
    timesteps += other.timesteps
    samples += other.samples
    latencyParts.cores += other.latencyParts.cores
    latencyParts.host += other.latencyParts.host
    latencyParts.routing += other.latencyParts.routing
    latencyParts.synchronisation += other.latencyParts.synchronisation
    latencyParts.idle += other.latencyParts.idle
    var metrics = neuroBench
    let steps = max(ownSteps + otherSteps, 1)
    metrics.activationSparsity = (neuroBench.activationSparsity * ownSteps + other.neuroBench.activationSparsity * otherSteps) / steps
    metrics.timesteps += other.neuroBench.timesteps
    metrics.effectiveACs += other.neuroBench.effectiveACs
    metrics.effectiveMACs += other.neuroBench.effectiveMACs
    metrics.effectiveSynOps += other.neuroBench.effectiveSynOps
    metrics.denseSynOps += other.neuroBench.denseSynOps
    metrics.membraneUpdates += other.neuroBench.membraneUpdates
    neuroBench = metrics
    let seconds = total.latencySeconds ?? 0
    energyPerSampleJoules = total.energyJoules.total / Double(max(samples, 1))
    latencyPerSampleSeconds = seconds / Double(max(samples, 1))
    latencyPerTimestepSeconds = seconds / Double(max(timesteps, 1))
    timeBase = "chip time: the sum over \(samples) samples of their simulated ticks' latencies"
  }
}

extension CostEntry {
  /// Adds another run's counts, energy and time to this entry.
  mutating func accumulate(_ other: CostEntry) {
    spikes += other.spikes
    synapticOps += other.synapticOps
    neuronUpdates += other.neuronUpdates
    messages += other.messages
    hops += other.hops
    hopsEastWest += other.hopsEastWest
    hopsNorthSouth += other.hopsNorthSouth
    chipCrossings += other.chipCrossings
    energyJoules = energyJoules + other.energyJoules
    latencySeconds = (latencySeconds ?? 0) + (other.latencySeconds ?? 0)
  }
}
