import Foundation
import Synchronization
import Testing
import SpikelineSupport

@Suite struct SpinBarrierTests {
  /// Each member writes its meeting number into its own slot, meets the others, then checks that
  /// every slot holds that number (nobody has left early, nobody is behind), then meets again before
  /// the next write (so no one overwrites a slot another still checks).
  @Test("Nobody leaves a meeting before everyone has arrived, for 2, 3 and 4 members, meeting after meeting")
  func everyoneArrivesBeforeAnyoneLeaves() {
    for parties in [2, 3, 4] {
      let barrier = SpinBarrier(parties: parties)
      let stamps = UnsafeMutablePointer<Int>.allocate(capacity: parties)
      stamps.initialize(repeating: 0, count: parties)
      defer { stamps.deallocate() }
      let failures = Counter()
      let meetings = 2_000
      let shared = UnsafeSendable(stamps)
      // Threads of their own: a pool as wide as this machine's cores would run 3 members one after another.
      let finished = DispatchGroup()
      for member in 0..<parties {
        finished.enter()
        Thread {
          for meeting in 1...meetings {
            shared.pointer[member] = meeting
            barrier.wait()
            for other in 0..<parties where shared.pointer[other] != meeting { failures.value.add(1, ordering: .relaxed) }
            barrier.wait()
          }
          finished.leave()
        }.start()
      }
      finished.wait()
      #expect(failures.value.load(ordering: .relaxed) == 0, "\(parties) members")
      #expect((0..<parties).allSatisfy { stamps[$0] == meetings })
    }
  }

  @Test("The cost of a meeting is measured for teams of two or more, and is zero for one")
  func meetingCost() {
    #expect(SpinBarrier.meetingSeconds(threads: 1) == 0)
    let seconds = SpinBarrier.meetingSeconds(threads: 2, meetings: 500, rounds: 3)
    #expect(seconds > 0 && seconds < 0.01)
  }

  @Test("One member never waits")
  func aTeamOfOne() {
    let barrier = SpinBarrier(parties: 1)
    for _ in 0..<10 { barrier.wait() }
    #expect(barrier.parties == 1)
  }
}

/// A raw pointer handed to concurrent closures (each member writes only its own element between meetings).
private struct UnsafeSendable: @unchecked Sendable {
  let pointer: UnsafeMutablePointer<Int>
  init(_ pointer: UnsafeMutablePointer<Int>) { self.pointer = pointer }
}

/// An atomic count shared by the members' threads.
private final class Counter: Sendable {
  let value = Atomic<Int>(0)
}
