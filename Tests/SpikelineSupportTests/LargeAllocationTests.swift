import Testing
import SpikelineSupport

@Suite struct LargeAllocationTests {
  @Test("Large blocks start on a huge page, small ones on a cache line, and both hold what is written")
  func alignmentAndContents() {
    for (count, alignment) in [(10, 64), (LargeAllocation.hugePageThreshold / 4, LargeAllocation.hugePageBytes),
                               (LargeAllocation.hugePageThreshold / 4 - 1, 64)] {
      let block = LargeAllocation.allocate(UInt32.self, capacity: count)
      defer { block.deallocate() }
      #expect(Int(bitPattern: block) % alignment == 0, "\(count) elements")
      block.initialize(repeating: 7, count: count)
      block[count - 1] = 9
      #expect(block[0] == 7 && block[count - 1] == 9)
    }
  }
}
