#if canImport(Glibc)
import Glibc
#endif

/// Memory for large, long-lived arrays (synapse tables, neuron state): on Linux, blocks of at least
/// `hugePageThreshold` bytes start on a 2 MiB boundary and are marked for transparent huge pages
/// (`madvise(MADV_HUGEPAGE)`), so that the operating system may back them with 2 MiB pages.
///
/// Why: a synapse table of 10^9 synapses spans 8 GB that deliveries read at random; with 4 KiB
/// pages almost every read also misses the TLB, and building it takes two million page faults.
/// Debian and Ubuntu ship transparent huge pages in `madvise` mode, where only marked memory gets
/// them. Where the system refuses (mode `never`, no free huge pages), the memory simply stays in
/// 4 KiB pages: the marking is a hint, never a requirement.
///
/// Free the memory with the pointer's `deallocate()`, as for `UnsafeMutablePointer.allocate`.
public enum LargeAllocation {
  /// Blocks from this many bytes on are aligned and marked (two huge pages: smaller blocks would
  /// waste most of a huge page or get none).
  public static let hugePageThreshold = 4 << 20
  /// The huge page size of x86-64 and most AArch64 Linux systems, bytes.
  public static let hugePageBytes = 2 << 20

  /// Room for `capacity` elements, uninitialised, aligned to at least `alignment` bytes (and to a
  /// huge page when large).
  public static func allocate<Element>(_: Element.Type, capacity: Int, alignment: Int = 64) -> UnsafeMutablePointer<Element> {
    let bytes = max(capacity, 1) * MemoryLayout<Element>.stride
    let large = bytes >= hugePageThreshold
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: bytes, alignment: large ? hugePageBytes : max(alignment, MemoryLayout<Element>.alignment))
    #if os(Linux)
    if large { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
    #endif
    return raw.bindMemory(to: Element.self, capacity: max(capacity, 1))
  }
}
