import SpikelineSupport

extension ChipTimeSimulation {
  /// Simulates one tick: deliver the spikes due now, update neurons and sources, schedule new spikes.
  /// - Complexity: O(*N* + *e* + *r*) for *N* neurons, *e* synaptic events due this tick and *r* delivery runs scheduled by this tick's spikes.
  public func step() { step(workers: nil) }

  /// One tick; with `workers`, each thread delivers to and updates its own partition between two barriers.
  func step(workers: TickWorkers?) {
    let t = tick
    swap(&ring[t % ringSize], &delivering)
    countDeliveries()
    let restricted = partitions.count > 1 || isRanked
    populations.withUnsafeBufferPointer { populations in
      views.withUnsafeBufferPointer { views in
        delivering.withUnsafeBufferPointer { deliveries in
          let state = tickState(populations: populations, views: views, deliveries: deliveries)
          let partitions = self.partitions
          if let workers, workers.threadCount == partitions.count {
            partitions.withUnsafeBufferPointer { partitions in
              workers.run { member in Self.advance(partitions[member], restricted: true, state) }
            }
          } else {
            for partition in partitions { Self.advance(partition, restricted: restricted, state) }
          }
        }
      }
    }
    if isRanked, let exchange { exchangeTick(exchange) }
    spikesThisTick.removeAll(keepingCapacity: true)
    for index in populations.indices {
      if populations[index].coefficients != nil { settle(population: index, at: t) } else { emitSourceSpikes(of: index, at: t) }
    }
    schedule(at: t)
    if let observer {
      delivering.withUnsafeBufferPointer { deliveries in
        spikesThisTick.withUnsafeBufferPointer { spikes in
          observer.chipTickDidEnd(t, deliveries: deliveries, spikes: spikes)
        }
      }
    }
    delivering.removeAll(keepingCapacity: true)
    tick = t + 1
  }

  /// Counts the synaptic events of this tick's deliveries per projection and target population.
  func countDeliveries() { countDeliveries(delivering) }

  /// Counts the synaptic events of `deliveries` per projection and target population (per projection
  /// for the tick's exchange when this rank holds only its share of the synapses).
  func countDeliveries(_ deliveries: [PendingDelivery]) {
    if holdsRankShare {
      // Only the synapses onto this rank's own neurons: a share may also keep some onto the
      // neurons just below its slice (so that it holds every synapse of the chip cores it accounts for).
      for delivery in deliveries {
        let view = views[Int(delivery.projection)]
        let owned = Self.ownedSynapses(delivery.synapseRange.lowerBound, delivery.synapseRange.upperBound, targets: view.targets,
                                       owned: rankSlice[view.targetPopulation])
        rankBuffers.shareEvents[Int(delivery.projection)] += owned.count
      }
      return
    }
    deliveries.withUnsafeBufferPointer { deliveries in
      views.withUnsafeBufferPointer { views in recorder.countDeliveries(deliveries, views: views) }
    }
  }

  /// The work of one thread in one tick: delivers the synapses that end on its neurons, then
  /// integrates and settles its neurons, listing the ones that spiked (reset happens after the barrier).
  /// Writes only state of `partition`'s neurons.
  static func advance(_ partition: ChipPartition, restricted: Bool, _ state: ChipTickState) {
    if state.fixed { deliverFixedPoint(partition, restricted: restricted, state) } else { deliver(partition, restricted: restricted, state) }
    for index in state.populations.indices {
      guard let coefficients = state.populations[index].coefficients else { continue }
      let local = partition.ranges[index]
      let offset = state.populations[index].offset
      let range = (offset + local.lowerBound)..<(offset + local.upperBound)
      partition.listSpikers(of: index) { spikers in
        if range.isEmpty { return 0 }
        if state.fixed {
          guard let c = state.populations[index].fixedCoefficients else { return 0 }
          return updateFixedPointNeurons(range, c, state, spikers: spikers)
        } else if coefficients.synapse == .exponential {
          return ChipKernels.update(range, coefficients, exponential: true, state.buffer(state.potential), state.buffer(state.excitatory),
                                    state.buffer(state.inhibitory), state.buffer(state.input), state.buffer(state.refractory),
                                    spikers: spikers)
        } else {
          return ChipKernels.update(range, coefficients, exponential: false, state.buffer(state.potential), state.buffer(state.excitatory),
                                    state.buffer(state.inhibitory), state.buffer(state.input), state.buffer(state.refractory),
                                    spikers: spikers)
        }
      }
    }
  }

  /// The synapses `first..<end` (one delivery, sorted by target) that end on targets in `owned`.
  @inline(__always)
  static func ownedSynapses(_ first: Int, _ end: Int, targets: UnsafePointer<UInt32>, owned: Range<Int>) -> Range<Int> {
    func lowerBound(_ value: Int, from start: Int) -> Int {
      var low = start, high = end
      while low < high {
        let middle = (low + high) >> 1
        if Int(targets[middle]) < value { low = middle + 1 } else { high = middle }
      }
      return low
    }
    guard first < end else { return first..<first }
    // A thread owning the start or the end of the population finds its bound with one load (the
    // row's first or last target) instead of a search; on two threads, that is every delivery.
    let start = Int(targets[first]) >= owned.lowerBound ? first : lowerBound(owned.lowerBound, from: first)
    if start == end || Int(targets[end - 1]) < owned.upperBound { return start..<end }
    return start..<lowerBound(owned.upperBound, from: start)
  }

  /// Adds the weights of every due synapse onto this partition's neurons to their current or membrane input.
  static func deliver(_ partition: ChipPartition, restricted: Bool, _ state: ChipTickState) {
    deliver(partition, restricted: restricted, state, weights: { $0.weights }, add: { $0 += $1 }) { destination in
      switch destination {
      case .excitatoryCurrent: return state.excitatory
      case .inhibitoryCurrent: return state.inhibitory
      case .membraneInput: return state.input
      }
    }
  }

  /// The delivery loop of both arithmetics: for every due synapse that ends on one of `partition`'s
  /// neurons, `add(&accumulator of its target, its weight)`. Projections without `weights` are skipped.
  @inline(__always)
  static func deliver<Weight, Sum>(_ partition: ChipPartition, restricted: Bool, _ state: ChipTickState,
                                   weights: (ProjectionView) -> UnsafePointer<Weight>?, add: (inout Sum, Weight) -> Void,
                                   accumulators: (Destination) -> UnsafeMutablePointer<Sum>) {
    let rowCuts = partition.rowCuts, part = partition.part
    for delivery in state.deliveries {
      let projection = Int(delivery.projection), view = state.views[projection]
      guard let weights = weights(view) else { continue }
      var synapses = delivery.synapseRange
      if restricted {
        if projection < rowCuts.count, let cuts = rowCuts[projection] {
          let source = Int(delivery.source)
          synapses = cuts.owned(synapses, source: source, rowStart: view.rowStart[source], part: part)
        } else {
          synapses = ownedSynapses(synapses.lowerBound, synapses.upperBound, targets: view.targets,
                                   owned: partition.ranges[view.targetPopulation])
        }
      }
      let destination = accumulators(view.destination) + view.targetOffset
      let targets = view.targets
      for k in synapses { add(&destination[Int(targets[k])], weights[k]) }
    }
  }

  /// After the barrier: records probes (before reset), then resets, records and counts the spikes of
  /// population `index` in neuron order, gathered from every partition.
  func settle(population index: Int, at t: Int) {
    let population = populations[index]
    guard population.size > 0 else { return }
    recorder.counters.populations[index].neuronUpdates += population.size
    let time = Double(t) * tickDuration
    for probe in population.probes {
      recorder.recordPotential(trace: probe.trace, probedPotential(trace: probe.trace, unit: population.offset + probe.neuron), at: time)
    }
    let state = tickState(populations: .init(start: nil, count: 0), views: .init(start: nil, count: 0),
                          deliveries: .init(start: nil, count: 0))
    forEachSpiker(of: index) { g in
      // On ranks, other ranks' neurons are reset too: harmless, since this rank never reads them.
      Self.resetAfterSpike(g, population, state)
      recordSpike(population: index, neuron: g - population.offset, at: t)
    }
  }

  /// Resets the units `spikers` (global indices) of `population` after their spikes and starts
  /// their refractory periods, in `state`'s arithmetic. Reads only the coefficients through the
  /// pointer: a copy of the whole population would retain and release its probe list every tick.
  @inline(__always)
  static func resetAfterSpikes(_ spikers: UnsafeBufferPointer<Int32>, _ population: UnsafePointer<CompiledPopulation>,
                               _ state: ChipTickState) {
    guard !spikers.isEmpty else { return }
    let floating = population.pointee.coefficients, fixed = population.pointee.fixedCoefficients
    for g in spikers { resetAfterSpike(Int(g), floating, fixed, state) }
  }

  /// Resets unit `g` of `population` after its spike and starts its refractory period.
  @inline(__always)
  static func resetAfterSpike(_ g: Int, _ population: borrowing CompiledPopulation, _ state: ChipTickState) {
    resetAfterSpike(g, population.coefficients, population.fixedCoefficients, state)
  }

  /// Resets unit `g` with the coefficients of its population's arithmetic in `state`.
  @inline(__always)
  static func resetAfterSpike(_ g: Int, _ floating: ChipCoefficients?, _ fixed: FixedPointCoefficients?, _ state: ChipTickState) {
    if state.fixed, let c = fixed {
      state.fixedPotential[g] = c.reset(state.fixedPotential[g])
      state.refractory[g] = c.refractoryTicks
    } else if let c = floating {
      state.potential[g] = c.reset(state.potential[g])
      state.refractory[g] = c.refractoryTicks
    }
  }

  func recordSpike(population index: Int, neuron: Int, at t: Int) {
    recorder.recordSpike(population: index, neuron: neuron, at: t, tickDuration: tickDuration)
    spikesThisTick.append(SpikeEvent(population: Int32(index), neuron: Int32(neuron)))
  }

  /// Puts one delivery per (spike, projection, delay) into the bucket of its due tick.
  func schedule(at t: Int) {
    Self.schedule(spikesThisTick, at: t, into: &ring, views: views, projections: projections, outgoing: outgoing,
                  tickDuration: tickDuration) { projection in recorder.counters.projections[projection].spikesIn += 1 }
  }

  /// Schedules `spikes` (found at tick `t`) into the timing wheel `ring`: one delivery per (spike,
  /// outgoing projection, run of equal delays), in spike order, then projection order, then synapse
  /// order. `countSpikeIn(projection)` is called once per spike and outgoing projection.
  static func schedule(_ spikes: [SpikeEvent], at t: Int, into ring: inout [[PendingDelivery]], views: [ProjectionView],
                       projections: [CompiledProjection], outgoing: OutgoingProjections, tickDuration: Double,
                       countSpikeIn: (Int) -> Void) {
    let ringSize = ring.count
    func enqueue(due: Int, projection: Int, source: Int, _ synapses: Range<Int>) {
      ring[due % ringSize].append(PendingDelivery(
        tick: Int32(truncatingIfNeeded: due), projection: UInt32(projection), source: UInt32(source),
        firstSynapse: UInt32(synapses.lowerBound), endSynapse: UInt32(synapses.upperBound)))
    }
    outgoing.first.withUnsafeBufferPointer { first in
      outgoing.projections.withUnsafeBufferPointer { outgoingProjections in
        for spike in spikes {
          let source = Int(spike.neuron), population = Int(spike.population)
          for projectionIndex in outgoingProjections[first[population]..<first[population + 1]] {
            countSpikeIn(projectionIndex)
            let view = views[projectionIndex]
            let start = view.rowStart[source], end = view.rowStart[source + 1]
            if start == end { continue }
            if let delay = view.uniformDelay {
              enqueue(due: t + Int(delay), projection: projectionIndex, source: source, start..<end)
              continue
            }
            let projection = projections[projectionIndex]
            var runStart = start
            while runStart < end {
              var runEnd = runStart + 1
              let due: Int
              switch projection.delay {
              case .palette(let ticks):
                let code = projection.table.delays.code(runStart)
                while runEnd < end && projection.table.delays.code(runEnd) == code { runEnd += 1 }
                due = t + Int(ticks[code])
              default:
                let delay = projection.table.delays[runStart]
                while runEnd < end && projection.table.delays[runEnd] == delay { runEnd += 1 }
                due = t + Int((delay / tickDuration).rounded())
              }
              enqueue(due: due, projection: projectionIndex, source: source, runStart..<runEnd)
              runStart = runEnd
            }
          }
        }
      }
    }
  }


}
