extension ChipTimeSimulation {
  /// Simulates one tick: deliver the spikes due now, update neurons and sources, schedule new spikes.
  /// - Complexity: O(*N* + *e* + *r*) for *N* neurons, *e* synaptic events due this tick and *r* delivery runs scheduled by this tick's spikes.
  public func step() {
    let t = tick
    swap(&ring[t % ringSize], &delivering)
    let fixed = arithmetic.format != nil
    if fixed { deliverFixedPoint() } else { deliver() }
    spikesThisTick.removeAll(keepingCapacity: true)
    for index in populations.indices {
      if populations[index].coefficients != nil {
        if fixed { updateFixedPointNeurons(of: index, at: t) } else { updateNeurons(of: index, at: t) }
      } else {
        emitSourceSpikes(of: index, at: t)
      }
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

  /// Adds the weights of every due synapse to its target's current or membrane input.
  func deliver() {
    guard !delivering.isEmpty else { return }
    excitatory.withUnsafeMutableBufferPointer { excitatoryCurrent in
      inhibitory.withUnsafeMutableBufferPointer { inhibitoryCurrent in
        input.withUnsafeMutableBufferPointer { membraneInput in
          for delivery in delivering {
            let projectionIndex = Int(delivery.projection)
            let count = delivery.synapseCount
            counters.projections[projectionIndex].synapticEvents += count
            counters.populations[network.projections[projectionIndex].target.index].synapticEvents += count
            let destination: UnsafeMutableBufferPointer<Float>
            switch projections[projectionIndex].destination {
            case .excitatoryCurrent: destination = excitatoryCurrent
            case .inhibitoryCurrent: destination = inhibitoryCurrent
            case .membraneInput: destination = membraneInput
            }
            projections[projectionIndex].targets.withUnsafeBufferPointer { targets in
              projections[projectionIndex].weights.withUnsafeBufferPointer { weights in
                for k in delivery.synapseRange {
                  destination[Int(targets[k])] += weights[k]
                }
              }
            }
          }
        }
      }
    }
  }

  /// Updates the neurons of population `index` at tick `t`, then records, resets and counts its spikes.
  func updateNeurons(of index: Int, at t: Int) {
    let population = populations[index]
    guard let coefficients = population.coefficients, population.size > 0 else { return }
    spikedScratch.removeAll(keepingCapacity: true)
    let range = population.offset..<(population.offset + population.size)
    let exponential = coefficients.synapse == .exponential
    potential.withUnsafeMutableBufferPointer { v in
      refractory.withUnsafeMutableBufferPointer { r in
        excitatory.withUnsafeMutableBufferPointer { ie in
          inhibitory.withUnsafeMutableBufferPointer { ii in
            input.withUnsafeMutableBufferPointer { x in
              if exponential {
                ChipKernels.update(range, coefficients, exponential: true, v, ie, ii, x, r, &spikedScratch)
              } else {
                ChipKernels.update(range, coefficients, exponential: false, v, ie, ii, x, r, &spikedScratch)
              }
            }
          }
        }
      }
    }
    counters.populations[index].neuronUpdates += population.size
    let time = Double(t) * tickDuration
    for probe in population.probes {
      membranes[probe.trace].times.append(time)
      membranes[probe.trace].potentials.append(Double(potential[population.offset + probe.neuron]))
    }
    for global in spikedScratch {
      let g = Int(global)
      potential[g] = coefficients.reset(potential[g])
      refractory[g] = coefficients.refractoryTicks
      recordSpike(population: index, neuron: g - population.offset, at: t)
    }
  }

  func recordSpike(population index: Int, neuron: Int, at t: Int) {
    counters.populations[index].spikes += 1
    counters.spikesPerNeuron[index][neuron] &+= 1
    spikesThisTick.append(SpikeEvent(population: Int32(index), neuron: Int32(neuron)))
    if populations[index].recordsSpikes, let slot = recordedSpikes.firstIndex(where: { $0.population.index == index }) {
      recordedSpikes[slot].neurons.append(Int32(neuron))
      recordedSpikes[slot].times.append(Double(t) * tickDuration)
      recordedSpikes[slot].ticks.append(Int32(t))
    }
  }

  /// Puts one delivery per (spike, projection, delay) into the bucket of its due tick.
  func schedule(at t: Int) {
    for spike in spikesThisTick {
      let source = Int(spike.neuron)
      for projectionIndex in outgoing[Int(spike.population)] {
        counters.projections[projectionIndex].spikesIn += 1
        let projection = projections[projectionIndex]
        let start = Int(projection.rowStart[source]), end = Int(projection.rowStart[source + 1])
        if start == end { continue }
        if projection.delayTicks.isEmpty {
          let due = t + Int(projection.uniformDelay)
          ring[due % ringSize].append(PendingDelivery(
            tick: Int32(truncatingIfNeeded: due), projection: UInt32(projectionIndex), source: UInt32(source),
            firstSynapse: UInt32(start), endSynapse: UInt32(end)))
        } else {
          var runStart = start
          while runStart < end {
            let delay = projection.delayTicks[runStart]
            var runEnd = runStart + 1
            while runEnd < end && projection.delayTicks[runEnd] == delay { runEnd += 1 }
            let due = t + Int(delay)
            ring[due % ringSize].append(PendingDelivery(
              tick: Int32(truncatingIfNeeded: due), projection: UInt32(projectionIndex), source: UInt32(source),
              firstSynapse: UInt32(runStart), endSynapse: UInt32(runEnd)))
            runStart = runEnd
          }
        }
      }
    }
  }
}
