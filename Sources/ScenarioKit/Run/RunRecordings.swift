import SpikeCore
import SpikeData
import SpikelineSupport

/// The spikes and membrane traces a run recorded, in the formats people load in one line:
/// CSV (`pandas.read_csv`) and NPY structured arrays (`numpy.load`), plus a JSON form.
///
/// Spikes are one row each, ordered by time, then population (network order), then neuron:
/// `population,neuron,time_s,tick` (tick empty in continuous time; −1 in NPY). Membranes are one row
/// per sample: `time_s` and one column per probed neuron named `population[neuron]`, in volts (or the
/// model's units).
public struct RunRecordings: Sendable, Encodable {
  /// One recorded spike.
  public struct Spike: Sendable, Encodable, Equatable {
    /// The population's name.
    public var population: String
    /// The neuron's index in its population.
    public var neuron: Int
    /// Spike time, seconds.
    public var timeSeconds: Double
    /// Chip tick (nil in continuous time).
    public var tick: Int?
  }

  /// One probed neuron's samples.
  public struct Trace: Sendable, Encodable, Equatable {
    /// "population[neuron]".
    public var name: String
    /// Membrane potential at each of `sampleTimesSeconds`, volts (or the model's units).
    public var potentials: [Double]
  }

  /// Every recorded spike, in time order.
  public var spikes: [Spike]
  /// Sample times of the traces, seconds.
  public var sampleTimesSeconds: [Double]
  /// One trace per probed neuron, in probe order.
  public var membranes: [Trace]
  let populationIndex: [Int]

  /// The recordings of `result`, a run of `network`.
  /// - Complexity: O(*s* log *s*) for *s* recorded spikes, plus the samples.
  public init(_ result: SimulationResult, network: Network) {
    var rows: [(population: Int, spike: Spike)] = []
    for record in result.spikes {
      let name = network[record.population].name
      for k in record.neurons.indices {
        rows.append((record.population.index, Spike(population: name, neuron: Int(record.neurons[k]), timeSeconds: record.times[k],
                                                     tick: record.ticks.count == record.neurons.count ? Int(record.ticks[k]) : nil)))
      }
    }
    rows.sort { a, b in
      if a.spike.timeSeconds != b.spike.timeSeconds { return a.spike.timeSeconds < b.spike.timeSeconds }
      if a.population != b.population { return a.population < b.population }
      return a.spike.neuron < b.spike.neuron
    }
    spikes = rows.map(\.spike)
    populationIndex = rows.map(\.population)
    sampleTimesSeconds = result.membranes.first?.times ?? []
    membranes = result.membranes.map { Trace(name: "\(network[$0.population].name)[\($0.neuron)]", potentials: $0.potentials) }
  }

  enum CodingKeys: String, CodingKey { case spikes, sampleTimesSeconds, membranes }

  /// `spikes.csv`: a header line and one line per spike.
  public var spikesCSV: String {
    var lines = ["population,neuron,time_s,tick"]
    lines.reserveCapacity(spikes.count + 1)
    for spike in spikes {
      lines.append("\(CSV.field(spike.population)),\(spike.neuron),\(spike.timeSeconds),\(spike.tick.map(String.init) ?? "")")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `spikes.npy`: fields `population` (index in the network), `neuron`, `time` (seconds), `tick` (−1
  /// in continuous time).
  public var spikesNPY: [UInt8] {
    NPYFile.encodeRecords([
      .int32("population", populationIndex.map { Int32($0) }),
      .int32("neuron", spikes.map { Int32($0.neuron) }),
      .float64("time", spikes.map(\.timeSeconds)),
      .int64("tick", spikes.map { Int64($0.tick ?? -1) }),
    ])
  }

  /// `membranes.csv`, or nil when nothing was probed.
  public var membranesCSV: String? {
    guard !membranes.isEmpty else { return nil }
    var lines = ["time_s," + membranes.map { CSV.field($0.name) }.joined(separator: ",")]
    for (i, time) in sampleTimesSeconds.enumerated() {
      lines.append("\(time)," + membranes.map { i < $0.potentials.count ? "\($0.potentials[i])" : "" }.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `membranes.npy`: field `time` (seconds) and one field per probed neuron, or nil when nothing was probed.
  public var membranesNPY: [UInt8]? {
    guard !membranes.isEmpty else { return nil }
    let n = sampleTimesSeconds.count
    return NPYFile.encodeRecords([.float64("time", sampleTimesSeconds)]
      + membranes.map { trace in .float64(trace.name, (0..<n).map { $0 < trace.potentials.count ? trace.potentials[$0] : .nan }) })
  }
}
