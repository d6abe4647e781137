import SpikelineSupport

/// One thread's own copy of the tick's scheduling state when threads run freely (see
/// `ChipTimeSimulation.runFreely`): its timing wheel, its sources, the tick's spikes.
final class TickLane: @unchecked Sendable {
  var ring: [[PendingDelivery]] = []
  var delivering: [PendingDelivery] = []
  var sources: [SourceSchedule] = []
  var spikes: [SpikeEvent] = []
  /// This thread's copy of its neurons' state (runs on more than one thread), kept between runs.
  var neurons: LaneNeuronState?
}

extension ChipTimeSimulation {
  /// `count` ticks with every thread running its own loop and one hand-over per tick (threads > 1, no
  /// ranks). Each thread delivers to and updates its partition, announces its spikers (and probed
  /// potentials) in the `TickMailbox`, resets its spikers, waits for the other threads'
  /// announcements, then builds the tick's spike list from every partition in population and neuron
  /// order — the order one thread would find — and schedules it into its own timing wheel. Thread 0
  /// also counts and records. Every thread thus delivers the same deliveries in the same order as
  /// `step()`, so results are byte-identical; the serial part of a tick shrinks to thread 0's
  /// recording (and an observer, which thread 0 calls, unless it is a `ChipTimePartitionedObserver`:
  /// then every thread does its part and thread 0 combines the parts once it has every thread's
  /// announcement of the next tick).
  func runFreely(ticks count: Int, workers: TickWorkers) {
    let threads = partitions.count
    precondition(workers.threadCount == threads, "internal error: \(workers.threadCount) workers for \(threads) partitions")
    if lanes.count != threads { lanes = (0..<threads).map { _ in TickLane() } }
    if mailbox == nil || mailbox?.partitionCount != threads {
      let largest = partitions.map { $0.ranges.reduce(0) { $0 + $1.count } }.max() ?? 0
      mailbox = TickMailbox(partitions: threads, populations: populations.count, traces: recorder.membranes.count,
                            unitsPerPartition: largest)
    }
    guard let mailbox else { return }
    // Lane 0 takes the simulation's own wheel and sources (and gives them back); the others copy them.
    swap(&lanes[0].ring, &ring)
    lanes[0].sources = sources
    for lane in lanes.dropFirst() {
      lane.ring = lanes[0].ring.map { bucket in bucket.map { $0 } }
      lane.sources = sources
    }
    let ownedProbes = partitions.map { partition in
      populations.enumerated().flatMap { index, population in
        population.probes.filter { partition.ranges[index].contains($0.neuron) }.map { (trace: $0.trace, unit: population.offset + $0.neuron) }
      }
    }
    let first = tick
    let firstStamp = mailbox.announced + 1
    mailbox.announced += count
    let partitioned = observer as? ChipTimePartitionedObserver
    // Copies of their own pay when the run is long for the threads' slices: copying a unit's state in
    // and out costs about 8 ns, the shared slice boundaries about 1 µs per tick (README: Threads).
    let largestSlice = partitions.map { $0.ranges.reduce(0) { $0 + $1.count } }.max() ?? 0
    let copies = (observer == nil || partitioned != nil) && count * Self.unitsCopiedPerTick >= largestSlice
    if tally.map({ !$0.fits(units: potential.count, populations: populations.count, projections: projections.count) }) ?? true {
      tally = ChipTally(units: potential.count, populations: populations.count, projections: projections.count)
    }
    guard let tally else { return }
    let recordedTick = RecordedTick(populations, views: views, outgoing: outgoing)
    let context = UnsafeSendableContext(simulation: self, mailbox: mailbox, firstStamp: firstStamp, ownedProbes: ownedProbes,
                                        threadsOwnTheirState: copies, tally: tally, recordedTick: recordedTick)
    partitioned?.chipTicksWillRun(parts: threads)
    workers.run { member in context.simulation.runLane(member, ticks: first..<(first + count), context) }
    // Thread 0 combined every tick but the last one once it had every announcement of the next tick.
    partitioned?.chipTickPartsDidEnd(first + count - 1)
    recordedTick.fold(tally, into: &recorder)
    swap(&lanes[0].ring, &ring)
    sources = lanes[0].sources
    tick = first + count
  }

  /// Threads copy their neurons' state for a run of t ticks when their slices hold at most
  /// t × this many units (see `LaneNeuronState`).
  static let unitsCopiedPerTick = 128

  /// What every thread of a free run shares (read-only during the run, or written in disjoint parts).
  struct UnsafeSendableContext: @unchecked Sendable {
    let simulation: ChipTimeSimulation
    let mailbox: TickMailbox
    /// The stamp of the run's first tick (each later tick's is one more).
    let firstStamp: Int
    let ownedProbes: [[(trace: Int, unit: Int)]]
    /// Whether threads may keep their neurons' state in copies of their own during the run.
    let threadsOwnTheirState: Bool
    /// Thread 0's counts, and what it records of every tick.
    let tally: ChipTally
    let recordedTick: RecordedTick
  }

  /// Thread `member`'s loop over `ticks`. What a tick reads is taken out of the simulation into
  /// locals first (this thread's wheel, sources and spike list; for thread 0 the recorder; per
  /// population its neuron flag and slice starts), so that a tick touches no class property and
  /// copies no struct that holds an array: at 4000 neurons, the reference counts and exclusivity
  /// checks of those accesses took a fifth of a tick.
  func runLane(_ member: Int, ticks: Range<Int>, _ context: UnsafeSendableContext) {
    let lane = lanes[member], partition = partitions[member], mailbox = context.mailbox
    let populations = self.populations, views = self.views, projections = self.projections, outgoing = self.outgoing
    let ringSize = self.ringSize, tickDuration = self.tickDuration
    // A partitioned observer's work is shared by every thread; any other observer runs on thread 0.
    let partitioned = self.observer as? ChipTimePartitionedObserver
    let observer = member == 0 && partitioned == nil ? self.observer : nil
    let ownedProbes = context.ownedProbes[member], format = arithmetic.format
    let neuronPopulations = populations.indices.filter { populations[$0].coefficients != nil }
    // What the tick's loop reads of each population, as plain values: reading a field of a
    // `CompiledPopulation` in the loop may copy the whole value (and retain its probe list).
    let recordedTick = context.recordedTick, tally = context.tally
    let offsets = recordedTick.offsets, sizes = recordedTick.sizes, isNeuronPopulation = recordedTick.updates
    let partitionCount = partitions.count
    var ring: [[PendingDelivery]] = [], delivering: [PendingDelivery] = [], spikes: [SpikeEvent] = []
    var sources: [SourceSchedule] = []
    // Per partition: where its next population's spikers start in its announcement.
    // (On cache lines of its own: a small array from the heap may share a line with what another thread writes.)
    let cursors = UnsafeMutableRawPointer.allocate(byteCount: (partitions.count * 8 + 63) / 64 * 64, alignment: 64)
      .bindMemory(to: Int.self, capacity: partitions.count)
    defer { cursors.deallocate() }
    swap(&ring, &lane.ring); swap(&delivering, &lane.delivering); swap(&spikes, &lane.spikes); swap(&sources, &lane.sources)
    var recorder = ChipRecorder.placeholder
    if member == 0 { swap(&recorder, &self.recorder) }
    defer {
      swap(&ring, &lane.ring); swap(&delivering, &lane.delivering); swap(&spikes, &lane.spikes); swap(&sources, &lane.sources)
      if member == 0 { swap(&recorder, &self.recorder) }
    }
    populations.withUnsafeBufferPointer { populationBuffer in
      views.withUnsafeBufferPointer { viewBuffer in
        var state = tickState(populations: populationBuffer, views: viewBuffer, deliveries: UnsafeBufferPointer(start: nil, count: 0))
        // On more than one thread, each works on a copy of its neurons' state (see `LaneNeuronState`)
        // when the run is long enough and no observer on the caller's thread may read every neuron.
        let shared = state
        let ownedUnits = populations.indices.map { index in
          (populations[index].offset + partition.ranges[index].lowerBound)..<(populations[index].offset + partition.ranges[index].upperBound)
        }
        var own: LaneNeuronState?
        if context.threadsOwnTheirState, partitionCount > 1 {
          if lane.neurons.map({ !$0.fits(shared) }) ?? true { lane.neurons = LaneNeuronState(like: shared) }
          own = lane.neurons
          own?.load(ownedUnits, from: shared)
          if let own { state = own.substituted(into: shared) }
        }
        defer { own?.store(ownedUnits, into: shared) }
        for t in ticks {
          let parity = t & 1
          swap(&ring[t % ringSize], &delivering)
          delivering.withUnsafeBufferPointer { deliveries in
            if member == 0 { tally.countTick(deliveries) }
            state.deliveries = deliveries
            Self.advance(partition, restricted: partitionCount > 1, state)
          }
          // Announce this thread's spikers and probed potentials (before reset) to the others.
          let stamp = context.firstStamp + (t - ticks.lowerBound)
          let ownCounts = mailbox.counts(partition: member, parity: parity)
          let ownSpikers = mailbox.spikers(partition: member, parity: parity)
          var position = 0
          for index in neuronPopulations {
            let list = partition.spiked(index)
            ownCounts[index] = Int32(truncatingIfNeeded: list.count)
            for g in list { ownSpikers[position] = g; position += 1 }
          }
          for (trace, unit) in ownedProbes {
            mailbox.probes[parity * mailbox.traceCount + trace] = Self.potentialVolts(of: unit, state, format: format)
          }
          mailbox.stamp(partition: member, parity: parity).pointee.store(stamp, ordering: .releasing)
          // Reset this thread's spikers while the others finish theirs.
          if let populationBase = populationBuffer.baseAddress {
            for index in neuronPopulations { Self.resetAfterSpikes(partition.spiked(index), populationBase + index, state) }
          }
          for p in 0..<partitionCount where p != member { mailbox.waitForAnnouncement(partition: p, parity: parity, stamp: stamp) }
          // Every part of the previous tick has returned (each thread announced this tick after its part).
          if member == 0, t > ticks.lowerBound, let partitioned { partitioned.chipTickPartsDidEnd(t - 1) }

          // The tick's spike list in the order one thread would find it: population, then partition.
          spikes.removeAll(keepingCapacity: true)
          for p in 0..<partitionCount { cursors[p] = 0 }
          for index in populations.indices {
            let offset = offsets[index]
            if isNeuronPopulation[index] {
              for p in 0..<partitionCount {
                let n = Int(mailbox.counts(partition: p, parity: parity)[index])
                let announced = mailbox.spikers(partition: p, parity: parity)
                let start = cursors[p]
                for k in start..<(start + n) {
                  spikes.append(SpikeEvent(population: Int32(index), neuron: Int32(truncatingIfNeeded: Int(announced[k]) - offset)))
                }
                cursors[p] = start + n
              }
            } else {
              sources[index].emit(at: t, size: sizes[index]) { neuron in
                spikes.append(SpikeEvent(population: Int32(index), neuron: Int32(neuron)))
              }
            }
          }
          if member == 0 {
            recordedTick.record(spikes, at: t, tickDuration: tickDuration, probes: mailbox.probes + parity * mailbox.traceCount,
                                tally: tally, into: &recorder)
          }
          // (Thread 0 counts the spikes into each projection when it folds its tally.)
          Self.schedule(spikes, at: t, into: &ring, views: views, projections: projections, outgoing: outgoing,
                        tickDuration: tickDuration) { _ in }
          if let observer {
            // The observer may read the simulation: give the recorder back for the call, with every
            // count so far, and show the tick as `step()` does during its call.
            recordedTick.fold(tally, into: &recorder)
            swap(&recorder, &self.recorder)
            tick = t
            delivering.withUnsafeBufferPointer { deliveries in
              spikes.withUnsafeBufferPointer { spikes in observer.chipTickDidEnd(t, deliveries: deliveries, spikes: spikes) }
            }
            swap(&recorder, &self.recorder)
          }
          if let partitioned {
            delivering.withUnsafeBufferPointer { deliveries in
              spikes.withUnsafeBufferPointer { spikes in partitioned.chipTick(t, part: member, deliveries: deliveries, spikes: spikes) }
            }
          }
          delivering.removeAll(keepingCapacity: true)
        }
      }
    }
  }

  /// What thread 0 of a free run records of every tick (what `settle`, `emitSourceSpikes` and
  /// `countDeliveries` record in `step()`), worked out once per run, and how its tally folds into
  /// the recorder's counters.
  struct RecordedTick {
    /// The membrane traces, in population then probe order.
    let traces: [Int]
    /// Per population: its first unit, its size, whether its neurons are updated every tick, and
    /// the projections its spikes enter.
    let offsets: [Int], sizes: [Int], updates: [Bool], outgoing: [[Int]]
    /// Per projection: its target population.
    let targets: [Int]

    init(_ populations: [CompiledPopulation], views: [ProjectionView], outgoing: OutgoingProjections) {
      offsets = populations.map(\.offset)
      sizes = populations.map(\.size)
      let updates = populations.map { $0.coefficients != nil }
      self.updates = updates
      traces = populations.indices.filter { updates[$0] && populations[$0].size > 0 }.flatMap { populations[$0].probes.map(\.trace) }
      self.outgoing = populations.indices.map { Array(outgoing.projections[outgoing.first[$0]..<outgoing.first[$0 + 1]]) }
      targets = views.map(\.targetPopulation)
    }

    /// Counts `spikes` (tick `t`'s, population by population) into `tally`, appends them to the
    /// recorded spike trains, and records the probed potentials `probes`.
    @inline(__always)
    func record(_ spikes: [SpikeEvent], at t: Int, tickDuration: Double, probes: UnsafeMutablePointer<Double>,
                tally: ChipTally, into recorder: inout ChipRecorder) {
      let time = Double(t) * tickDuration
      for trace in traces { recorder.recordPotential(trace: trace, probes[trace], at: time) }
      for spike in spikes {
        let population = Int(spike.population), neuron = Int(spike.neuron)
        tally.countSpike(population: population, unit: offsets[population] + neuron)
        recorder.appendSpike(population: population, neuron: neuron, at: t, tickDuration: tickDuration)
      }
    }

    /// Adds `tally`'s counts to `recorder`'s counters.
    func fold(_ tally: ChipTally, into recorder: inout ChipRecorder) {
      tally.fold(into: &recorder.counters, offsets: offsets, sizes: sizes, updates: updates, targets: targets, outgoing: outgoing)
    }
  }
}
