import Foundation

/// What the processor says about itself (Linux `/proc/cpuinfo`; nil fields elsewhere).
public struct ProcessorInfo: Sendable, Encodable {
  /// The model name, e.g. "AMD EPYC 9R14 96-Core Processor".
  public var model: String?
  /// The current clock of the first core in hertz, as the kernel reports it.
  public var clockHertz: Double?
  /// Logical processors available to this process.
  public var activeProcessors: Int

  /// Reads the current machine.
  public static var current: ProcessorInfo {
    var info = ProcessorInfo(model: nil, clockHertz: nil, activeProcessors: ProcessInfo.processInfo.activeProcessorCount)
    guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return info }
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
      guard parts.count == 2 else { continue }
      if parts[0] == "model name", info.model == nil { info.model = parts[1] }
      if parts[0] == "cpu MHz", info.clockHertz == nil, let mhz = Double(parts[1]) { info.clockHertz = mhz * 1e6 }
      if info.model != nil && info.clockHertz != nil { break }
    }
    return info
  }
}
