import Foundation
import Testing
@testable import SpikelineCLI

@Suite struct ExperimentCommandTests {
  @Test("spikeline replay4ncl: bad input ends in one clear line and a non-zero exit")
  func replay4nclErrors() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spikeline-bad-\(ProcessInfo.processInfo.processIdentifier)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: dir + "/backbone-t40-without-2.spkc"))
    try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: dir + "/backbone-without-2.spkc"))
    let unreadable = runCLI(["replay4ncl", "--pretrained", dir, "--held-out", "2", "--seeds", "1"])
    #expect(unreadable.code != 0 && unreadable.out.isEmpty)
    #expect(unreadable.err.contains("backbone-") && unreadable.err.contains(".spkc"), "\(unreadable.err)")
    let layer = runCLI(["replay4ncl", "--latent-layer", "5", "--held-out", "2", "--seeds", "1"])
    #expect(layer.code != 0 && layer.err.contains("--latent-layer"), "\(layer.err)")
    let zeroT = runCLI(["replay4ncl", "--replay4ncl-steps", "0", "--held-out", "2", "--seeds", "1"])
    #expect(zeroT.code != 0 && zeroT.err.contains("--replay4ncl-steps"), "\(zeroT.err)")
    let missing = runCLI(["replay4ncl", "--pretrained", dir + "/nowhere", "--held-out", "2"])
    #expect(missing.code != 0 && missing.err.contains("no backbone"), "\(missing.err)")
  }

  @Test("spikeline bir runs a small grid on the bundled MNIST-5k with --json; bad names and missing data are clear errors")
  func birGrid() throws {
    let result = runCLI(["bir", "--methods", "None,ER", "--seeds", "1", "--iterations", "4", "--hidden", "16", "--train-limit", "60",
                         "--test-limit", "20", "--mnist", packageRoot + "/Scenarios/Data/mnist-5k", "--json"])
    #expect(result.code == 0, "\(result.err)")
    let json = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any]
    let methods = json?["methods"] as? [[String: Any]]
    #expect(methods?.map { $0["name"] as? String } == ["None", "ER"])
    #expect((methods?.first?["averageAccuracy"] as? [String: Any])?["mean"] is Double)
    #expect(((json?["runs"] as? [[String: Any]])?.first?["matrix"] as? [String: Any])?["rows"] is [[Double]])
    let grid = runCLI(["bir", "--scenario", "task,class", "--methods", "None", "--seeds", "1", "--iterations", "2", "--hidden", "8",
                       "--train-limit", "20", "--test-limit", "10", "--mnist", packageRoot + "/Scenarios/Data/mnist-5k", "--json"])
    #expect(grid.code == 0, "\(grid.err)")
    let reports = (try JSONSerialization.jsonObject(with: Data(grid.out.utf8)) as? [String: Any])?["reports"] as? [[String: Any]]
    #expect(reports?.map { $0["scenario"] as? String } == ["Task-IL", "Class-IL"])
    let badScenario = runCLI(["bir", "--scenario", "task,clas"])
    #expect(badScenario.code != 0 && badScenario.err.contains("unknown scenario 'clas'"), "\(badScenario.err)")
    let unknown = runCLI(["bir", "--methods", "Nonee"])
    #expect(unknown.code != 0 && unknown.err.contains("did you mean 'None'"), "\(unknown.err)")
    let noFolder = runCLI(["bir", "--resume"])
    #expect(noFolder.code != 0 && noFolder.err.contains("--resume needs --out"), "\(noFolder.err)")
    // Each finished run is saved under --out/runs; --resume reads it back.
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("spikeline-bir-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: out) }
    let small = ["bir", "--methods", "None", "--seeds", "1", "--iterations", "2", "--hidden", "8", "--train-limit", "20", "--test-limit", "10",
                 "--mnist", packageRoot + "/Scenarios/Data/mnist-5k", "--json", "--out", out]
    let saved = runCLI(small), resumed = runCLI(small + ["--resume"])
    #expect(saved.code == 0 && resumed.code == 0, "\(saved.err) \(resumed.err)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/runs").count == 1)
    #expect(saved.out == resumed.out, "a resumed grid prints the stored run, wall time included")
    let noData = runCLI(["bir", "--benchmark", "split-fashion", "--fashion", "/nonexistent/fashion"])
    #expect(noData.code != 0 && noData.err.contains("install-fashion-mnist.sh"), "\(noData.err)")
  }
}
