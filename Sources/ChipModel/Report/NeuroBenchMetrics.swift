import SpikeCore

/// NeuroBench's workload metrics (Yik et al., Nat. Commun. 2025) for a run, computed as NeuroBench
/// computes them on the same network written as dense layers: every possible connection of a
/// projection (source size × target size) is a weight, zero where no synapse exists.
public struct NeuroBenchMetrics: Codable, Sendable, Equatable {
  /// Timesteps the metrics count over: the ticks of a chip-time run, or the estimated chip
  /// timesteps of a continuous-time run.
  public var timesteps: Int
  /// Effective accumulates: synaptic operations with a spike as input and a non-zero weight
  /// (spikes × non-zero synapses of their rows).
  public var effectiveACs: Int
  /// Effective multiply-accumulates: operations with non-binary inputs; 0 in a spiking run.
  public var effectiveMACs: Int
  /// Effective synaptic operations: accumulates plus multiply-accumulates.
  public var effectiveSynOps: Int
  /// Dense synaptic operations: every possible connection at every timestep.
  public var denseSynOps: Int
  /// Zero activations over all (timestep, neuron) pairs of the spiking (non-input) neurons:
  /// 1 − pairs with a spike ÷ pairs, in 0...1.
  public var activationSparsity: Double
  /// Zero weights over all possible connections, in 0...1.
  public var connectionSparsity: Double
  /// Bytes of parameters as NeuroBench measures a dense model: 4 bytes (float32) per possible
  /// connection.
  public var footprintBytes: Int
  /// Neuron state updates over the run.
  public var membraneUpdates: Int

  /// The metrics of a run of `network` with `counters`, over `timesteps` timesteps.
  /// - Complexity: O(synapses + neurons).
  public init(network: Network, counters: SimulationCounters, timesteps: Int) {
    let steps = max(timesteps, 1)
    self.timesteps = steps
    var possible = 0, nonZero = 0, effective = 0
    for projection in network.projections {
      let table = projection.synapses
      possible += network[projection.source].size * network[projection.target].size
      let spikes = counters.spikesPerNeuron[projection.source.index]
      for source in 0..<table.sourceCount {
        var row = 0
        for k in table.row(source) where table.weights[k] != 0 { row += 1 }
        nonZero += row
        effective += Int(spikes[source]) * row
      }
    }
    effectiveACs = effective
    effectiveMACs = 0
    effectiveSynOps = effective
    denseSynOps = possible * steps
    connectionSparsity = possible > 0 ? max(0, 1 - Double(nonZero) / Double(possible)) : 0
    footprintBytes = possible * 4
    var pairs = 0, active = 0
    for (index, population) in network.populations.enumerated() where population.model?.isSpiking == true {
      pairs += population.size * steps
      for count in counters.spikesPerNeuron[index] { active += min(Int(count), steps) }
    }
    activationSparsity = pairs > 0 ? 1 - Double(active) / Double(pairs) : 1
    membraneUpdates = counters.totalNeuronUpdates
  }
}
