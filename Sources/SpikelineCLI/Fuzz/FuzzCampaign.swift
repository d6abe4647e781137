#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SpikelineSupport

/// A seeded mutation-fuzzing campaign over Spikeline's readers: case i mutates a seed input of
/// target i mod n and reads it. Every outcome must be acceptance or a `SpikelineError`; a trap, a
/// hang or any other error is a finding.
///
/// In-process mode (the small test in `swift test`) stops at the first trap, as a test should.
/// Isolated mode (`spikeline bench fuzz`) runs batches of cases in forked children with a time limit
/// per case and a memory limit per child, so a trap or a hang is recorded and the campaign goes on.
struct FuzzCampaign {
  /// How one case ended.
  enum Outcome: String, Codable {
    case accepted, cleanError = "clean error", otherError = "other error", crash, hang
  }

  /// A case that did not end in acceptance or a clean error.
  struct Finding: Codable {
    var target: String
    var index: Int
    var outcome: Outcome
    var detail: String
  }

  /// Counts per target and outcome, and the findings.
  struct Report: Codable {
    var seed: UInt64
    var cases: Int
    var counts: [String: [String: Int]]
    var findings: [Finding]
    var crashes: Int { findings.filter { $0.outcome == .crash }.count }
    var hangs: Int { findings.filter { $0.outcome == .hang }.count }
    var otherErrors: Int { findings.filter { $0.outcome == .otherError }.count }

    enum CodingKeys: String, CodingKey { case seed, cases, counts, findings }
  }

  let targets: [FuzzTarget]
  let seed: UInt64

  /// The input of case `index` and its target.
  func input(_ index: Int) -> (target: FuzzTarget, bytes: [UInt8]) {
    let target = targets[index % targets.count]
    var mutator = FuzzMutator(generator: SeededGenerator(seed: seed, stream: "fuzz case", index: index))
    let seedInput = target.seeds[mutator.generator.uniformInt(below: target.seeds.count)]
    if let structured = target.structured, target.name == "cli" || mutator.generator.bernoulli(0.3) {
      return (target, structured(&mutator, seedInput))
    }
    return (target, mutator.mutate(seedInput, text: target.isText))
  }

  /// Reads the input of case `index` in this process.
  func runCase(_ index: Int) -> (outcome: Outcome, detail: String) {
    let (target, bytes) = input(index)
    do {
      try target.read(bytes)
      return (.accepted, "")
    } catch is SpikelineError {
      return (.cleanError, "")
    } catch is SpikelineErrors {
      return (.cleanError, "")
    } catch {
      return (.otherError, "\(type(of: error)): \(error)".prefix(300).description)
    }
  }

  /// Cases `range` in this process.
  func runInProcess(_ range: Range<Int>) -> Report {
    var report = Report(seed: seed, cases: range.count, counts: [:], findings: [])
    for index in range {
      let (outcome, detail) = runCase(index)
      let name = targets[index % targets.count].name
      report.counts[name, default: [:]][outcome.rawValue, default: 0] += 1
      if outcome == .otherError { report.findings.append(Finding(target: name, index: index, outcome: outcome, detail: detail)) }
    }
    return report
  }

  #if canImport(Glibc)
  /// Cases `range` in forked children of `batch` cases each: a case may take `seconds` and a child
  /// `memoryBytes` of address space. `progress` is told how many cases are done.
  func runIsolated(_ range: Range<Int>, batch: Int = 500, seconds: UInt32 = 10, memoryBytes: UInt64 = 4 << 30,
                   progress: ((Int) -> Void)? = nil) -> Report {
    var report = Report(seed: seed, cases: range.count, counts: [:], findings: [])
    var next = range.lowerBound
    while next < range.upperBound {
      let end = min(next + batch, range.upperBound)
      var channel: [Int32] = [0, 0]
      guard pipe(&channel) == 0 else { break }
      let child = fork()
      if child == 0 {
        close(channel[0])
        let devnull = open("/dev/null", O_WRONLY)
        dup2(devnull, 1); dup2(devnull, 2)
        var limit = rlimit(rlim_cur: rlim_t(memoryBytes), rlim_max: rlim_t(memoryBytes))
        setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
        for index in next..<end {
          var started: (Int64, UInt8) = (Int64(index), 255)
          _ = withUnsafeBytes(of: &started.0) { write(channel[1], $0.baseAddress, 8) }
          alarm(seconds)
          let outcome = runCase(index).outcome
          alarm(0)
          started.1 = [.accepted, .cleanError, .otherError].firstIndex(of: outcome).map(UInt8.init) ?? 2
          _ = withUnsafeBytes(of: &started.1) { write(channel[1], $0.baseAddress, 1) }
        }
        _exit(0)
      }
      close(channel[1])
      // Read (index, outcome) records until the child closes the pipe.
      var pending: Int?
      var lastDone = next - 1
      var buffer = [UInt8](repeating: 0, count: 9)
      var filled = 0
      while true {
        let want = pending == nil ? 8 : 1
        let count = buffer.withUnsafeMutableBytes { read(channel[0], $0.baseAddress! + filled, want - filled) }
        if count <= 0 { break }
        filled += count
        guard filled == want else { continue }
        if pending == nil {
          pending = Int(buffer.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) })
        } else if let index = pending {
          let outcome: Outcome = [.accepted, .cleanError, .otherError][min(Int(buffer[0]), 2)]
          let name = targets[index % targets.count].name
          report.counts[name, default: [:]][outcome.rawValue, default: 0] += 1
          if outcome == .otherError { report.findings.append(Finding(target: name, index: index, outcome: outcome, detail: runCase(index).detail)) }
          lastDone = index
          pending = nil
        }
        filled = 0
      }
      close(channel[0])
      var status: Int32 = 0
      waitpid(child, &status, 0)
      let signal = status & 0x7F
      if signal != 0, let index = pending {
        let name = targets[index % targets.count].name
        let outcome: Outcome = signal == SIGALRM ? .hang : .crash
        report.counts[name, default: [:]][outcome.rawValue, default: 0] += 1
        report.findings.append(Finding(target: name, index: index, outcome: outcome, detail: "signal \(signal)"))
        next = index + 1
      } else if signal != 0 {
        next = lastDone + 2  // died between cases: skip the one after the last finished, to move on
      } else {
        next = end
      }
      progress?(next - range.lowerBound)
    }
    return report
  }
  #endif
}
