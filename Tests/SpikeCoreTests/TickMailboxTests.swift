import Synchronization
import Testing
import SpikelineSupport
@testable import SpikeCore

/// The threads of a chip-time run hand each tick's spikers over in announcements: counts and the
/// first spikers beside a stamp, the rest in an overflow room. Bursts that overflow and networks
/// whose counts alone fill more than a cache line must give what one thread gives.
@Suite struct TickMailboxTests {
  /// `populations` populations of 40 CUBA neurons, all driven by one source that fires every
  /// `period` ticks strongly enough to make every neuron spike the tick after: whole-network bursts.
  func burstRun(populations: Int, period: Int, threads: Int) throws -> SimulationResult {
    var network = Network(seed: 3)
    let model = NeuronModel.cuba(membraneTimeConstant: 20e-3, excitatoryTimeConstant: 5e-3, inhibitoryTimeConstant: 10e-3,
                                 threshold: 0.5, refractoryPeriod: 2e-3)
    let drive = try network.addSource("drive", size: 1, source: .spikeTicks([Array(stride(from: 0, to: 60, by: period))]))
    var previous: PopulationID?
    for index in 0..<populations {
      let cells = try network.addPopulation("cells \(index)", size: 40, model: model)
      try network.connect(drive, to: cells, connector: .allToAll(), weight: .constant(40), delay: .constant(1e-3))
      // Some recurrence, so that spikes found by one thread reach another's neurons.
      if let previous {
        try network.connect(previous, to: cells, connector: .fixedProbability(0.2), weight: .uniform(-0.5, 0.5), delay: .constant(1e-3))
      }
      previous = cells
    }
    let simulation = try ChipTimeSimulation(network: network, tickDuration: 1e-3, recording: RecordingPlan(spikes: .all), threads: threads)
    simulation.run(ticks: 70)
    return simulation.result
  }

  @Test("Bursts larger than an announcement holds, and counts over more than a cache line, hand over exactly",
        arguments: [(populations: 2, period: 7), (populations: 20, period: 5)])
  func burstsHandOverExactly(populations: Int, period: Int) throws {
    let one = try burstRun(populations: populations, period: period, threads: 1)
    // Every neuron spikes in each burst: far more spikers per thread and tick than fit beside the counts.
    let mailbox = TickMailbox(partitions: 3, populations: populations + 1, traces: 0, unitsPerPartition: 40 * populations)
    let bursts = (0..<60).filter { $0 % period == 0 }.count
    let cellSpikes = one.spikes.filter { $0.population.index > 0 }.reduce(0) { $0 + $1.count }
    #expect(cellSpikes >= bursts * 40 * populations)
    #expect(40 * populations / 3 > mailbox.inlineCapacity)
    for threads in [2, 3] {
      let other = try burstRun(populations: populations, period: period, threads: threads)
      #expect(other.spikes == one.spikes, "\(threads) threads")
      #expect(other.counters == one.counters, "\(threads) threads")
    }
  }

  @Test("An announcement's spikers go beside the counts first, then to the overflow room")
  func announcementLayout() {
    let mailbox = TickMailbox(partitions: 2, populations: 3, traces: 1, unitsPerPartition: 100)
    // 8-byte stamp + 3 counts = 20 bytes; the rest of one line holds 11 spikers.
    #expect(mailbox.inlineCapacity == 11)
    let spikers = mailbox.spikers(partition: 1, parity: 0)
    for k in 0..<100 { spikers[k] = Int32(k * 3) }
    #expect((0..<100).allSatisfy { spikers[$0] == Int32($0 * 3) })
    // The other parity and partition are untouched.
    let other = mailbox.spikers(partition: 0, parity: 0)
    other[50] = -1
    #expect(spikers[50] == 150)
    let counts = mailbox.counts(partition: 1, parity: 1)
    counts[2] = 7
    #expect(mailbox.counts(partition: 1, parity: 0)[2] == 0)
    #expect(mailbox.stamp(partition: 1, parity: 1).pointee.load(ordering: .relaxed) == 0)
  }

  @Test("A hand-over costs nothing on one thread and a positive, sub-millisecond time on two")
  func handOverCost() {
    #expect(ChipTimeSimulation.handOverSeconds(threads: 1) == 0)
    let seconds = TickMailbox.handOverSeconds(threads: 2, ticks: 500, rounds: 3)
    #expect(seconds > 0 && seconds < 1e-3, "\(seconds) s per hand-over")
  }
}
