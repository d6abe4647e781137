#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikelineSupport

extension ContinuousTimeSimulation {
  func handle(_ event: ScheduledEvent) {
    switch event.kind {
    case .delivery: deliver(event)
    case .refractoryEnd:
      let unit = Int(event.a)
      guard refractoryUntil[unit] == event.time else { return }
      repredict(unit, at: event.time)
    case .sourceSpike:
      let population = Int(event.a), neuron = Int(event.b)
      emit(population: population, neuron: neuron)
      scheduleNextSourceSpike(population: population, neuron: neuron, after: event.time, first: false)
    case .probe:
      sampleProbes(index: Int(event.a))
    }
  }

  /// A neuron's wake-up: it crosses threshold now, or it may be near threshold and is predicted anew.
  func handleWakeup(_ unit: Int, kind: NeuronWakeups.Kind) {
    switch kind {
    case .crossing:
      wakeups.cancel(unit)
      let population = Int(populationOfUnit[unit])
      advance(unit, population: population, to: time)
      spike(unit, population: population)
    case .check:
      repredict(unit, at: time)
    }
  }

  /// Brings a unit to time `t` and replaces its wake-up with a new prediction.
  func repredict(_ unit: Int, at t: Double) {
    let population = Int(populationOfUnit[unit])
    advance(unit, population: population, to: t)
    predictCrossing(unit, population: population)
  }

  /// Brings a neuron's state from its last update to `t` in closed form.
  func advance(_ unit: Int, population: Int, to t: Double) {
    guard let model = dynamics[population] else { return }
    let start = lastUpdate[unit]
    if t <= start { return }
    neuronUpdates[population] += 1
    var v = potential[unit], ie = excitatory[unit], ii = inhibitory[unit]
    var from = start
    let refractoryEnd = refractoryUntil[unit]
    if refractoryEnd > from {
      // V is held during the refractory period; the currents keep decaying.
      let held = min(t, refractoryEnd)
      if model.synapse == .exponential {
        ie *= exp(-(held - from) / model.tauE)
        ii *= exp(-(held - from) / model.tauI)
      }
      from = held
    }
    if t > from {
      (v, ie, ii) = model.evolve(for: t - from, v: v, ie: ie, ii: ii)
    }
    potential[unit] = v; excitatory[unit] = ie; inhibitory[unit] = ii
    lastUpdate[unit] = t
  }

  /// The potential of a unit at the current time without changing its state.
  func potentialNow(_ unit: Int, population: Int) -> Double {
    guard let model = dynamics[population] else { return 0 }
    let start = lastUpdate[unit]
    if time <= start || refractoryUntil[unit] >= time { return potential[unit] }
    var ie = excitatory[unit], ii = inhibitory[unit], from = start
    if refractoryUntil[unit] > start {
      if model.synapse == .exponential {
        ie *= exp(-(refractoryUntil[unit] - start) / model.tauE)
        ii *= exp(-(refractoryUntil[unit] - start) / model.tauI)
      }
      from = refractoryUntil[unit]
    }
    return model.potential(after: time - from, v: potential[unit], ie: ie, ii: ii)
  }

  /// Crossings bounded to be at least this many membrane time constants away get a check at the
  /// bound instead of an exact solution (a later input would usually make the solution stale).
  /// On the CUBA benchmark (an input every ~2.4 ms per neuron, τm = 20 ms) 0.25 took 0.26 s,
  /// 0.1 took 0.17 s, 0.05 took 0.16 s and 0.02 took 0.16 s (`spikeline bench cuba --time-model continuous`).
  static let exactSolveWithin = 0.05

  /// Replaces a neuron's wake-up with the prediction from its state now (none while refractory
  /// or when it cannot reach threshold).
  ///
  /// When a bound shows the crossing is at least `exactSolveWithin` τm away, only a check is
  /// scheduled at that bound (never later than the crossing); most checks are superseded by new
  /// inputs, so the exact solver runs about once per spike rather than once per input.
  func predictCrossing(_ unit: Int, population: Int) {
    guard let model = dynamics[population], model.threshold.isFinite, refractoryUntil[unit] <= time else {
      wakeups.cancel(unit)
      return
    }
    let start = lastUpdate[unit]
    let v = potential[unit], ie = excitatory[unit], ii = inhibitory[unit]
    if model.potentialBound(v: v, ie: ie, ii: ii) < model.threshold {
      wakeups.cancel(unit)
      return
    }
    let earliest = model.crossingTimeLowerBound(v: v, ie: ie, ii: ii)
    if earliest == .infinity {
      wakeups.cancel(unit)
      return
    }
    if earliest > Self.exactSolveWithin * model.tauM {
      wakeups.schedule(unit, time: start + earliest, sequence: queue.takeSequence(), kind: .check)
      return
    }
    let gap = model.thresholdGap(v: v, ie: ie, ii: ii)
    if let s = gap.firstCrossing(horizon: model.horizon) {
      wakeups.schedule(unit, time: start + s, sequence: queue.takeSequence(), kind: .crossing)
    } else {
      wakeups.cancel(unit)
    }
  }

  /// Delivers synapses `c..<d` of row `b` of projection `a`.
  func deliver(_ event: ScheduledEvent) {
    let projectionIndex = Int(event.a)
    let projection = network.projections[projectionIndex]
    let targetPopulation = projection.target.index
    guard let model = dynamics[targetPopulation] else { return }
    let range = Int(event.c)..<Int(event.d)
    counters.projections[projectionIndex].synapticEvents += range.count
    counters.populations[targetPopulation].synapticEvents += range.count
    let base = offsets[targetPopulation]
    let table = projection.synapses
    for k in range {
      let unit = base + Int(table.targets[k])
      let weight = Double(table.weights[k])
      advance(unit, population: targetPopulation, to: time)
      let refractory = refractoryUntil[unit] > time
      if refractory { wakeups.cancel(unit) }
      if model.synapse == .exponential {
        if projection.receptor == .excitatory { excitatory[unit] += weight } else { inhibitory[unit] += weight }
        if !refractory { predictCrossing(unit, population: targetPopulation) }
      } else if !refractory {
        potential[unit] += weight
        if potential[unit] >= model.threshold {
          spike(unit, population: targetPopulation)
        } else {
          predictCrossing(unit, population: targetPopulation)
        }
      }
    }
  }

  /// The neuron spikes now: record, reset, start refractoriness, send the spike on.
  func spike(_ unit: Int, population: Int) {
    guard let model = dynamics[population] else { return }
    let neuron = unit - offsets[population]
    if unit == burstUnit && time == burstTime {
      burstCount += 1
      if burstCount > Self.maximumSpikesPerInstant {
        failure = SpikelineError.field("populations.\(network.populations[population].name)",
          "neuron \(neuron) fired more than \(Self.maximumSpikesPerInstant) times at t = \(time) s: its potential (\(potential[unit]) V) is too many thresholds (\(model.threshold) V) above threshold for reset by subtraction; check weights, threshold and reset")
        return
      }
    } else {
      burstUnit = unit; burstTime = time; burstCount = 1
    }
    emit(population: population, neuron: neuron)
    wakeups.cancel(unit)
    potential[unit] = NeuronTickRule.reset(potential[unit], mode: model.resetMode, threshold: model.threshold, resetPotential: model.resetPotential)
    lastUpdate[unit] = time
    if model.refractoryPeriod > 0 {
      refractoryUntil[unit] = time + model.refractoryPeriod
      queue.push(time: refractoryUntil[unit], kind: .refractoryEnd, UInt32(unit))
    } else if potential[unit] >= model.threshold {
      wakeups.schedule(unit, time: time, sequence: queue.takeSequence(), kind: .crossing)  // soft reset still above threshold
    } else {
      predictCrossing(unit, population: population)
    }
  }

  /// Records a spike of a unit and schedules its deliveries (one event per run of equal delays).
  func emit(population: Int, neuron: Int) {
    counters.populations[population].spikes += 1
    counters.spikesPerNeuron[population][neuron] &+= 1
    if let slot = recordedSlot[population] {
      recordedSpikes[slot].neurons.append(Int32(neuron))
      recordedSpikes[slot].times.append(time)
    }
    for projectionIndex in outgoing[population] {
      counters.projections[projectionIndex].spikesIn += 1
      let table = network.projections[projectionIndex].synapses
      let row = table.row(neuron)
      var runStart = row.lowerBound
      while runStart < row.upperBound {
        let delay = table.delays[runStart]
        var runEnd = runStart + 1
        while runEnd < row.upperBound && table.delays[runEnd] == delay { runEnd += 1 }
        queue.push(time: time + delay, kind: .delivery, UInt32(projectionIndex), UInt32(neuron),
                   UInt32(runStart), UInt32(runEnd))
        runStart = runEnd
      }
    }
  }

  func scheduleNextSourceSpike(population: Int, neuron: Int, after t: Double, first: Bool) {
    if var entry = poisson[population] {
      guard entry.rate > 0 else { return }
      let next = t + entry.generator.exponential(rate: entry.rate)
      poisson[population] = entry
      queue.push(time: next, kind: .sourceSpike, UInt32(population), UInt32(neuron))
      return
    }
    let times = sourceTimes[population][neuron]
    let cursor = sourceCursor[population][neuron] + (first ? 0 : 1)
    if !first { sourceCursor[population][neuron] = cursor }
    if cursor < times.count {
      queue.push(time: times[cursor], kind: .sourceSpike, UInt32(population), UInt32(neuron))
    }
  }

  func sampleProbes(index: Int) {
    var trace = 0
    for probe in recording.membranes {
      for neuron in probe.neurons {
        membranes[trace].times.append(time)
        membranes[trace].potentials.append(potentialNow(offsets[probe.population.index] + neuron, population: probe.population.index))
        trace += 1
      }
    }
    queue.push(time: Double(index + 1) * recording.probeInterval, kind: .probe, UInt32(index + 1))
  }
}
