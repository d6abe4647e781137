import Foundation
@testable import SpikelineCLI

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Runs the command line in-process and captures its output.
func runCLI(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
  let (io, captured) = CommandIO.capturing()
  let code = Spikeline.main(arguments, io: io)
  return (code, captured.out, captured.error)
}

/// The built `spikeline` executable next to the test bundle.
var executablePath: String {
  let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for candidate in [bundle.appendingPathComponent("spikeline").path, packageRoot + "/.build/debug/spikeline"]
  where FileManager.default.isExecutableFile(atPath: candidate) {
    return candidate
  }
  return packageRoot + "/.build/debug/spikeline"
}

/// Runs the built binary in the package root, with `environment` added to (or, for nil values,
/// removed from) this process's environment.
func runBinary(_ arguments: [String], environment changes: [String: String?] = [:]) throws -> (code: Int32, out: String, err: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: executablePath)
  process.arguments = arguments
  process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
  var environment = ProcessInfo.processInfo.environment
  environment["CI"] = "true"
  for (name, value) in changes { environment[name] = value }
  process.environment = environment
  let out = Pipe(), err = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = FileHandle.nullDevice
  try process.run()
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

/// The folder that holds every test directory of this test process; removed when the process exits,
/// so runs of `swift test` leave nothing behind in the temporary directory.
private let testRoot: String = {
  atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "spikeline-tests-\(getpid())") }
  return NSTemporaryDirectory() + "spikeline-tests-\(getpid())"
}()

/// A fresh temporary directory (removed with the others when the test process exits).
func temporaryDirectory() throws -> String {
  let path = testRoot + "/" + UUID().uuidString
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// Every command path of the tool, e.g. ["bench", "cuba"].
func allCommandPaths() -> [[String]] {
  func walk(_ node: CommandNode, _ path: [String]) -> [[String]] {
    switch node {
    case .leaf: return [path]
    case .group(_, _, let children), .command(_, let children): return [path] + children.flatMap { walk($0, path + [$0.name]) }
    }
  }
  return walk(Spikeline.root, [])
}
