import Foundation
import Testing
@testable import SpikelineCLI

/// `spikeline run … --ranks`: MPI ranks give a single process's bytes. The rank logic itself is
/// tested in SpikeCoreTests (RankExchangeTests) with in-process ranks; this suite runs Open MPI.
@Suite struct RanksCommandTests {
  /// `mpirun` on the PATH, if any.
  static let mpirun: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  @Test("Without Open MPI, --ranks fails with one line that says how to build with it",
        .enabled(if: !RankLauncher.isAvailable, "this spikeline is built with Open MPI"))
  func ranksNeedMPIBuild() {
    let result = runCLI(["run", "Scenarios/cuba.json", "--ranks", "--duration", "0.01"])
    #expect(result.code == 1)
    #expect(result.out.isEmpty)
    #expect(result.err.contains("SPIKELINE_MPI=1 swift build"))
    #expect(result.err.split(separator: "\n").count == 1)
  }

  @Test("mpirun -np 2 … --ranks writes the same spikes, membranes and report as one process",
        .enabled(if: RankLauncher.isAvailable && mpirun != nil,
                 "needs a build with SPIKELINE_MPI=1 and Open MPI's mpirun (Tests/MPI/check_ranks.sh does both)"))
  func ranksMatchOneProcess() throws {
    guard let mpirun = Self.mpirun else { return }
    let single = try temporaryDirectory(), ranked = try temporaryDirectory()
    defer { for directory in [single, ranked] { try? FileManager.default.removeItem(atPath: directory) } }
    let arguments = ["run", "Scenarios/cuba.json", "--duration", "0.5", "--threads", "1"]
    let one = try runBinary(arguments + ["--out", single])
    #expect(one.code == 0, "\(one.err)")

    let process = Process()
    process.executableURL = URL(fileURLWithPath: mpirun)
    process.arguments = ["-np", "2", "--oversubscribe", executablePath] + arguments + ["--ranks", "--out", ranked]
    process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
    var environment = ProcessInfo.processInfo.environment
    environment["CI"] = "true"
    environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
    environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
    process.environment = environment
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(errText)")
    #expect(errText.contains("ranks: 2; spike exchange"), "\(errText)")
    for file in ["spikes.csv", "spikes.npy", "membranes.csv", "report.json"] {
      let a = FileManager.default.contents(atPath: single + "/" + file)
      let b = FileManager.default.contents(atPath: ranked + "/" + file)
      #expect(a != nil && a == b, "\(file) differs between 1 process and 2 ranks")
    }
  }
}
