/// A pending event of a continuous-time run, as a viewer shows it.
public struct UpcomingEvent: Sendable, Equatable {
  /// What happens.
  public enum Kind: String, Sendable, Equatable {
    /// Synapses of one source neuron's row arrive at their targets.
    case delivery
    /// A neuron reaches threshold and spikes (predicted in closed form).
    case thresholdCrossing = "threshold crossing"
    /// A neuron may be close to threshold: its crossing is predicted again.
    case crossingCheck = "crossing check"
    /// A neuron leaves its refractory period.
    case refractoryEnd = "refractory end"
    /// A spike source fires.
    case sourceSpike = "source spike"
    /// Membrane probes sample.
    case probe
  }

  /// When, seconds.
  public var time: Double
  /// What.
  public var kind: Kind
  /// The neuron concerned: the spiking source of a delivery, the neuron of a crossing, check or
  /// refractory end, the source of a source spike (nil for probes).
  public var population: PopulationID?
  /// Its index in the population.
  public var neuron: Int?
  /// The projection of a delivery.
  public var projection: ProjectionID?
  /// Synapses a delivery reaches (0 for other kinds).
  public var synapses: Int

  /// An event.
  public init(time: Double, kind: Kind, population: PopulationID?, neuron: Int?, projection: ProjectionID?, synapses: Int) {
    self.time = time
    self.kind = kind
    self.population = population
    self.neuron = neuron
    self.projection = projection
    self.synapses = synapses
  }
}

extension ContinuousTimeSimulation {
  /// The next `limit` events that will still happen, in the order they will be handled (crossings
  /// and checks already superseded by later inputs are left out).
  /// - Complexity: O(*q* log *q*) for *q* pending events: for viewers, not for the hot path.
  public func upcomingEvents(limit: Int) -> [UpcomingEvent] {
    func neuronOfUnit(_ unit: Int) -> (PopulationID, Int) {
      let population = Int(populationOfUnit[unit])
      return (PopulationID(population), unit - offsets[population])
    }
    // Queued events and wake-ups, merged by (time, sequence) as `step()` takes them.
    var pending: [(time: Double, sequence: UInt64, event: UpcomingEvent?)] = []
    for event in queue.storage {
      let unit = Int(event.a)
      let upcoming: UpcomingEvent?
      switch event.kind {
      case .delivery:
        let projection = network.projections[unit]
        upcoming = UpcomingEvent(time: event.time, kind: .delivery, population: projection.source, neuron: Int(event.b),
                                 projection: ProjectionID(unit), synapses: Int(event.d) - Int(event.c))
      case .refractoryEnd:
        guard refractoryUntil[unit] == event.time else { continue }
        let (population, neuron) = neuronOfUnit(unit)
        upcoming = UpcomingEvent(time: event.time, kind: .refractoryEnd, population: population, neuron: neuron, projection: nil, synapses: 0)
      case .sourceSpike:
        upcoming = UpcomingEvent(time: event.time, kind: .sourceSpike, population: PopulationID(unit), neuron: Int(event.b),
                                 projection: nil, synapses: 0)
      case .probe:
        upcoming = UpcomingEvent(time: event.time, kind: .probe, population: nil, neuron: nil, projection: nil, synapses: 0)
      }
      pending.append((event.time, event.sequence, upcoming))
    }
    for wakeup in wakeups.all {
      let (population, neuron) = neuronOfUnit(wakeup.unit)
      pending.append((wakeup.time, wakeup.sequence, UpcomingEvent(
        time: wakeup.time, kind: wakeup.kind == .crossing ? .thresholdCrossing : .crossingCheck,
        population: population, neuron: neuron, projection: nil, synapses: 0)))
    }
    pending.sort { $0.time < $1.time || ($0.time == $1.time && $0.sequence < $1.sequence) }
    return Array(pending.lazy.compactMap(\.event).prefix(limit))
  }
}
