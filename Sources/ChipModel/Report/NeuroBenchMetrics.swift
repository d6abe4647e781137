import SpikeCore
import SpikelineSupport

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
  /// - Parameter ranks: when `network` is one rank's share of a network split over ranks, the ranks'
  ///   exchange: each rank counts the synapses onto its own neurons and the counts are summed, so
  ///   every rank gets the whole network's metrics. Collective then: every rank calls it.
  /// - Complexity: O(synapses + neurons), the synapses of a large table read on every thread.
  public init(network: Network, counters: SimulationCounters, timesteps: Int, ranks: SpikeExchange? = nil) {
    let steps = max(timesteps, 1)
    self.timesteps = steps
    let share = ranks.flatMap { network.keepsEverySynapse || $0.rankCount < 2 ? nil : $0 }
    let slices = network.rankSlices(of: share)
    var possible = 0, nonZero = 0, effective = 0
    for projection in network.projections {
      let table = projection.synapses
      possible += network[projection.source].size * network[projection.target].size
      let spikes = counters.spikesPerNeuron[projection.source.index]
      let counts = NeuroBenchMetrics.synapseCounts(table, spikes: spikes, chunks: table.count >= 1 << 22 ? 64 : 1,
                                                   targets: share == nil ? nil : slices[projection.target.index])
      nonZero += counts.nonZero
      effective += counts.effective
    }
    if let share {
      let sums = share.sumElementwise([nonZero, effective])
      (nonZero, effective) = (sums[0], sums[1])
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

  /// The non-zero synapses of `table` and its effective accumulates (each row's non-zero synapses
  /// times its source's `spikes`), summed over `chunks` runs of rows in parallel (integer sums: the
  /// same for any number of chunks and threads).
  /// With `targets`, only the synapses onto those neurons count.
  static func synapseCounts(_ table: SynapseTable, spikes: [UInt32], chunks: Int,
                            targets: Range<Int>? = nil) -> (nonZero: Int, effective: Int) {
    let chunks = max(chunks, 1)
    let parts = DeterministicParallel.map(chunks) { chunk -> (nonZero: Int, effective: Int) in
      var nonZero = 0, effective = 0
      for source in table.sourceCount * chunk / chunks..<table.sourceCount * (chunk + 1) / chunks {
        var row = 0
        if let targets {
          for k in table.row(source) where table.weights[k] != 0 && targets.contains(Int(table.targets[k])) { row += 1 }
        } else {
          for k in table.row(source) where table.weights[k] != 0 { row += 1 }
        }
        nonZero += row
        effective += Int(spikes[source]) * row
      }
      return (nonZero, effective)
    }
    return parts.reduce((0, 0)) { ($0.0 + $1.nonZero, $0.1 + $1.effective) }
  }
}
