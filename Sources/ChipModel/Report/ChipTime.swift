import SpikeCore

/// A run's chip time: its timesteps, total seconds, parts, and per-population core time.
struct ChipTime {
  /// Timesteps the chip ran.
  var ticks: Int
  /// The chip's run time, seconds.
  var seconds: Double
  /// Where the time went.
  var parts: LatencyParts
  /// Per population: its slowest core's work summed over timesteps, seconds.
  var perPopulation: [Double]
  /// Synchronisation per timestep, seconds.
  var synchronisation: Double

  /// The chip time of a continuous-time run, estimated as if the chip ran the same activity in
  /// `timesteps` timesteps: each timestep costs the busiest core's neuron updates plus the
  /// synchronisation of the chips powered; the event work (synaptic events, spikes, messages) of
  /// each population is spread evenly over its cores, and the busiest population's share adds
  /// once; input spikes add the host's injection time. Never less than `timesteps` × the
  /// profile's minimum tick.
  /// - Throws: `SpikelineError` naming a latency figure the profile lacks.
  static func estimate(entries: [CostEntry], network: Network, counters: SimulationCounters, mapping: CoreMapping,
                       timesteps: Int) throws -> ChipTime {
    let profile = mapping.profile
    let purpose = "chip latency"
    let tSyn = try profile.require(profile.synapticOpLatency, "synapticOpLatency", for: purpose)
    let tUpdate = try profile.require(profile.neuronUpdateLatency, "neuronUpdateLatency", for: purpose)
    let tActive = try profile.require(profile.activeNeuronUpdateLatency, "activeNeuronUpdateLatency", for: purpose)
    let tMessage = try profile.require(profile.spikeMessageLatency, "spikeMessageLatency", for: purpose)
    let barrier = try ChipActivityMonitor.synchronisation(mapping: mapping)
    var idle = [Double](repeating: 0, count: network.populations.count)
    for core in mapping.cores {
      idle[core.population] = max(idle[core.population], Double(core.neurons.count) * tUpdate)
    }
    let steps = Double(timesteps)
    var perPopulation = idle.map { $0 * steps }
    var events = 0.0
    var hostSpikes = 0
    for (index, entry) in entries.enumerated() {
      if entry.isInput { hostSpikes += entry.spikes; continue }
      let work = Double(entry.synapticOps) * tSyn + Double(entry.spikes) * (tActive - tUpdate) + Double(entry.messages) * tMessage
      let share = work / Double(max(entry.coresUsed, 1))
      perPopulation[index] += share
      events = max(events, share)
    }
    var parts = LatencyParts()
    parts.cores = (idle.max() ?? 0) * steps + events
    parts.host = Double(hostSpikes) * (profile.hostSpikeLatency ?? 0)
    parts.synchronisation = barrier * steps
    let busy = parts.cores + parts.host + parts.synchronisation
    let total = max(busy, (profile.minimumTickDuration ?? 0) * steps)
    parts.idle = total - busy
    return ChipTime(ticks: timesteps, seconds: total, parts: parts, perPopulation: perPopulation, synchronisation: barrier)
  }
}
