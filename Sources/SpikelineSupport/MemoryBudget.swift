import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much memory this process may use: the machine's physical memory, or less if the process's
/// address space is limited (`ulimit -v`, a fuzzing child). Used to refuse work that could not fit
/// before allocating it.
public enum MemoryBudget {
  /// Bytes this process may hold at most.
  public static var bytes: Int {
    var budget = ProcessInfo.processInfo.physicalMemory
    #if canImport(Glibc)
    var limit = rlimit()
    if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
      budget = min(budget, UInt64(limit.rlim_cur))
    }
    #elseif canImport(Darwin)
    var limit = rlimit()
    if getrlimit(RLIMIT_AS, &limit) == 0, limit.rlim_cur != rlim_t.max {
      budget = min(budget, UInt64(limit.rlim_cur))
    }
    #endif
    return Int(min(budget, UInt64(Int.max)))
  }

  /// Throws when `bytes` would not fit in the budget; `what` says what needs them.
  /// - Throws: `SpikelineError` (unsupported) naming the bytes needed and the bytes available.
  public static func check(_ bytes: Double, for what: String) throws {
    let available = Double(self.bytes)
    guard bytes <= available else {
      throw SpikelineError(.unsupported, "\(what) needs about \(format(bytes)), more than this process may use (\(format(available)))")
    }
  }

  /// "3.2 GiB" or "512 MiB".
  public static func format(_ bytes: Double) -> String {
    let gibibyte = 1_073_741_824.0, mebibyte = 1_048_576.0
    return bytes >= gibibyte ? String(format: "%.1f GiB", bytes / gibibyte) : String(format: "%.0f MiB", bytes / mebibyte)
  }
}
