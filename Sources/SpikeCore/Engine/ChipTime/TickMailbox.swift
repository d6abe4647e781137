import Dispatch
import Synchronization
import SpikelineSupport

/// What the threads of a free run (`ChipTimeSimulation.runFreely`) tell one another at the end of
/// each tick's update, and the only place where they meet: per thread and per tick parity, one
/// *announcement* — a stamp, the thread's spiker count per population and its first spikers, all on
/// the same cache line(s) — plus room for the spikers that do not fit there and the potentials of
/// the probed neurons it owns.
///
/// A thread writes its announcement, then stores the tick's stamp (release); the others wait until
/// they load that stamp (acquire) and read the counts and spikers beside it. So the hand-over of a
/// tick costs one cache-line transfer per pair of threads, the same that a barrier costs for its
/// arrival count alone (a barrier, then reading the counts and spikers from lines of their own, took
/// three or four transfers one after another; README: Threads).
///
/// Announcements are double-buffered by the tick's parity: a thread may write tick t + 1's while
/// another still reads tick t's, but not tick t + 2's, since it must first see every other thread's
/// stamp of tick t + 1, which each stores after it has read tick t's announcements.
final class TickMailbox: @unchecked Sendable {
  let partitionCount: Int
  let populationCount: Int
  let traceCount: Int
  /// Spikers an announcement holds beside its counts (the rest go to `overflow`).
  let inlineCapacity: Int
  /// Bytes from one announcement to the next: whole cache lines.
  private let announcementStride: Int
  /// [partition][parity]: stamp (`Atomic<Int>`), `populationCount` counts (`Int32`), `inlineCapacity` spikers (`Int32`).
  private let announcements: UnsafeMutableRawPointer
  /// [partition][parity]: room for every neuron of the partition (`overflowRoom` each).
  private let overflowStorage: UnsafeMutablePointer<Int32>
  private let overflowRoom: Int
  /// [parity][trace]: the probed potential before reset, volts.
  let probes: UnsafeMutablePointer<Double>
  /// Ticks announced through this mailbox so far (stamps count on from it; written between runs only).
  var announced = 0

  /// - Parameters:
  ///   - unitsPerPartition: the most units any partition owns (room for all of them spiking at once).
  init(partitions: Int, populations: Int, traces: Int, unitsPerPartition: Int) {
    partitionCount = partitions
    populationCount = populations
    traceCount = traces
    let header = MemoryLayout<Atomic<Int>>.stride + populations * MemoryLayout<Int32>.stride
    // At least 8 spikers beside the counts, and whatever else fills the last line.
    let lines = (header + 8 * MemoryLayout<Int32>.stride + 63) / 64
    announcementStride = lines * 64
    inlineCapacity = (announcementStride - header) / MemoryLayout<Int32>.stride
    announcements = UnsafeMutableRawPointer.allocate(byteCount: 2 * partitions * announcementStride, alignment: 64)
    announcements.initializeMemory(as: Int32.self, repeating: 0, count: 2 * partitions * announcementStride / MemoryLayout<Int32>.stride)
    for slot in 0..<(2 * partitions) {
      (announcements + slot * announcementStride).bindMemory(to: Atomic<Int>.self, capacity: 1).initialize(to: Atomic<Int>(0))
    }
    overflowRoom = max(1, unitsPerPartition)
    overflowStorage = .allocate(capacity: 2 * partitions * overflowRoom)
    overflowStorage.initialize(repeating: 0, count: 2 * partitions * overflowRoom)
    probes = .allocate(capacity: max(1, 2 * traces))
    probes.initialize(repeating: 0, count: max(1, 2 * traces))
  }

  deinit {
    announcements.deallocate()
    overflowStorage.deallocate()
    probes.deallocate()
  }

  @inline(__always)
  private func announcement(_ partition: Int, _ parity: Int) -> UnsafeMutableRawPointer {
    announcements + (partition * 2 + parity) * announcementStride
  }

  /// The stamp of `partition`'s announcement of a tick of `parity`.
  @inline(__always)
  func stamp(partition: Int, parity: Int) -> UnsafeMutablePointer<Atomic<Int>> {
    announcement(partition, parity).assumingMemoryBound(to: Atomic<Int>.self)
  }

  /// Per population: how many of `partition`'s neurons spiked in its tick of `parity`.
  @inline(__always)
  func counts(partition: Int, parity: Int) -> UnsafeMutablePointer<Int32> {
    (announcement(partition, parity) + MemoryLayout<Atomic<Int>>.stride).assumingMemoryBound(to: Int32.self)
  }

  /// Where `partition`'s spikers of a tick of `parity` go, population after population: the first
  /// `inlineCapacity` beside the counts, the rest in its overflow room.
  @inline(__always)
  func spikers(partition: Int, parity: Int) -> AnnouncedSpikers {
    let inline = (announcement(partition, parity) + MemoryLayout<Atomic<Int>>.stride + populationCount * MemoryLayout<Int32>.stride)
      .assumingMemoryBound(to: Int32.self)
    return AnnouncedSpikers(inline: inline, capacity: inlineCapacity,
                            overflow: overflowStorage + (partition * 2 + parity) * overflowRoom)
  }

  /// Waits until `partition` has announced the tick stamped `stamp`.
  @inline(__always)
  func waitForAnnouncement(partition: Int, parity: Int, stamp: Int) {
    let word = self.stamp(partition: partition, parity: parity)
    if word.pointee.load(ordering: .acquiring) == stamp { return }
    var spins = 0
    while word.pointee.load(ordering: .acquiring) != stamp { TickWorkers.backOff(&spins) }
  }
}

/// One announcement's spikers as one list: position k is beside the counts for k below the inline
/// capacity, in the overflow room otherwise.
struct AnnouncedSpikers {
  let inline: UnsafeMutablePointer<Int32>
  let capacity: Int
  /// The overflow room: position k (at or above `capacity`) is `overflow[k - capacity]`.
  let overflow: UnsafeMutablePointer<Int32>

  @inline(__always)
  subscript(position: Int) -> Int32 {
    get { position < capacity ? inline[position] : overflow[position - capacity] }
    nonmutating set { if position < capacity { inline[position] = newValue } else { overflow[position - capacity] = newValue } }
  }
}

extension TickMailbox {
  /// What handing a tick over between `threads` threads costs on this machine, seconds per tick:
  /// the median over `rounds` rounds of `ticks` back-to-back ticks with no work and no spikes,
  /// each announced and waited for as a free run does (a `TickWorkers` team and a mailbox).
  /// A tick split over threads gains only if each thread's share of it is well above this.
  static func handOverSeconds(threads: Int, ticks: Int = 20_000, rounds: Int = 5) -> Double {
    guard threads > 1 else { return 0 }
    let workers = TickWorkers(threads: threads)
    let mailbox = TickMailbox(partitions: threads, populations: 1, traces: 0, unitsPerPartition: 1)
    var samples: [Double] = []
    for _ in 0..<max(1, rounds) {
      let firstStamp = mailbox.announced + 1
      mailbox.announced += ticks
      let start = DispatchTime.now().uptimeNanoseconds
      workers.run { member in
        for t in 0..<ticks {
          let parity = t & 1, stamp = firstStamp + t
          mailbox.counts(partition: member, parity: parity)[0] = 0
          mailbox.stamp(partition: member, parity: parity).pointee.store(stamp, ordering: .releasing)
          for p in 0..<threads where p != member { mailbox.waitForAnnouncement(partition: p, parity: parity, stamp: stamp) }
        }
      }
      samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 / Double(max(1, ticks)))
    }
    return samples.sorted()[samples.count / 2]
  }
}

extension ChipTimeSimulation {
  /// What handing one tick over between `threads` threads of a run costs on this machine, seconds
  /// (0 for one thread): measured with no work between ticks (see `TickMailbox.handOverSeconds`).
  public static func handOverSeconds(threads: Int) -> Double { TickMailbox.handOverSeconds(threads: threads) }
}
