import Foundation
import Testing
@testable import SpikelineCLI
import SpikeTraining

@Suite struct CommandLineTests {
  @Test("--help, -h and help <command> work for every command and print the same text")
  func helpEverywhere() {
    for path in allCommandPaths() {
      let long = runCLI(path + ["--help"])
      #expect(long.code == 0, "\(path)")
      #expect(long.out.contains("OVERVIEW:") && long.out.contains("USAGE:"), "\(path)")
      #expect(long.err.isEmpty)
      #expect(runCLI(path + ["-h"]).out == long.out)
      #expect(runCLI(["help"] + path).out == long.out, "\(path)")
    }
  }

  @Test("--version prints only the version")
  func version() {
    #expect(runCLI(["--version"]) == (0, Spikeline.version + "\n", ""))
  }

  @Test("Usage errors: exit 2 with Error/Usage/See lines on stderr and a suggestion")
  func usageErrors() {
    let unknownOption = runCLI(["run", "Scenarios/single-lif.json", "--jsn"])
    #expect(unknownOption.code == 2)
    #expect(unknownOption.out.isEmpty)
    #expect(unknownOption.err.hasPrefix("Error: Unknown option '--jsn'. Did you mean '--json'?\nUsage: spikeline run"))
    #expect(unknownOption.err.contains("See 'spikeline run --help' for more information."))
    let unknownCommand = runCLI(["rnu"])
    #expect(unknownCommand.code == 2)
    #expect(unknownCommand.err.contains("Did you mean 'run'?"))
    let missing = runCLI(["run"])
    #expect(missing.code == 2 && missing.err.contains("Missing expected argument '<scenario>'"))
    let badNumber = runCLI(["bench", "cuba", "--duration", "soon", "--allow-debug"])
    #expect(badNumber.code == 2 && badNumber.err.contains("--duration expects a number"))
  }

  @Test("Traps reachable from arguments end in one clear line: a huge class range, a layer too wide for 16-bit spike indices")
  func argumentTraps() {
    let range = runCLI(["train", "--classes", "0...9223372036854775807", "--epochs", "0"])
    #expect(range.code == 2 && range.err.contains("--classes: 9223372036854775807 is outside 0...19"), "\(range.err)")
    let wide = runCLI(["train", "--hidden", "70000", "--epochs", "0"])
    #expect(wide.code != 0 && wide.err.contains("hidden") && wide.err.contains("65536"), "\(wide.err)")
  }

  @Test("Benchmarks refuse debug builds unless told otherwise")
  func benchRefusesDebug() {
    guard isDebugBuild else { return }
    let refused = runCLI(["bench", "cuba"])
    #expect(refused.code == 1 && refused.err.contains("release build"))
    let allowed = runCLI(["bench", "cuba", "--allow-debug", "--duration", "0.01", "--scale", "0.1", "--repeat", "1", "--json"])
    #expect(allowed.code == 0)
    let json = try? JSONSerialization.jsonObject(with: Data(allowed.out.utf8)) as? [String: Any]
    for key in ["neurons", "synapses", "spikes", "synapticEvents", "wallSeconds", "synapticEventsPerSecond", "meanRateHz"] {
      #expect(json?[key] != nil, "missing \(key)")
    }
    let gemm = runCLI(["bench", "gemm", "--allow-debug", "--batch", "4", "--seconds", "0.001", "--threads", "1", "--json"])
    #expect(gemm.code == 0, "\(gemm.err)")
    let report = try? JSONSerialization.jsonObject(with: Data(gemm.out.utf8)) as? [String: Any]
    let shapes = report?["shapes"] as? [[String: Any]]
    #expect(shapes?.count == 7)
    #expect(shapes?.allSatisfy { ($0["gflops"] as? Double ?? 0) > 0 } == true)
    #expect((report?["microKernelGflopsPerThread"] as? Double ?? 0) > 0)
    #expect(report?["instructionSet"] is String)
    let products = report?["matrixVector"] as? [[String: Any]]
    #expect(products?.count == 7)
    #expect(products?.allSatisfy { ($0["gflops"] as? Double ?? 0) > 0 && ($0["rows"] as? Int ?? 0) > 0 } == true)
  }

  /// The kernel is chosen once per process, from the CPU and `SPIKELINE_KERNELS`: the binary reports which.
  @Test("bench gemm reports the run-time kernel, and SPIKELINE_KERNELS=portable selects the Swift one")
  func kernelSelection() throws {
    let arguments = ["bench", "gemm", "--allow-debug", "--batch", "4", "--seconds", "0.001", "--threads", "1", "--json"]
    func kernel(_ value: String?) throws -> String? {
      let run = try runBinary(arguments, environment: ["SPIKELINE_KERNELS": value])
      #expect(run.code == 0, "\(run.err)")
      let report = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
      return report?["kernel"] as? String
    }
    let automatic = try kernel(nil)
    #expect(try kernel("portable") == "portable")
    #expect(try kernel("no-such-kernel") == automatic)
    #if !SPIKELINE_WIDE_VECTORS && !SPIKELINE_FMA
    if GEMM.Kernel.avx2.isSupported { #expect(automatic != "portable") }
    if GEMM.Kernel.avx2.isSupported { #expect(try kernel("avx2") == "avx2") }
    #endif
  }
}
