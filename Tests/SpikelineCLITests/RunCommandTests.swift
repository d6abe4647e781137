import Foundation
import Testing
@testable import SpikelineCLI

@Suite struct RunCommandTests {
  static let networkScenarios = ["single-lif", "synfire-chain", "cuba"]

  @Test("Every network scenario runs with --json; the report has the documented keys", arguments: networkScenarios)
  func runJSON(name: String) throws {
    let outcome = runCLI(["run", packageRoot + "/Scenarios/\(name).json", "--json", "--duration", "0.02"])
    #expect(outcome.code == 0, "\(outcome.err)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.out.utf8)) as? [String: Any])
    #expect(json["profile"] as? String == "loihi")
    let populations = try #require(json["populations"] as? [[String: Any]])
    let total = try #require(json["total"] as? [String: Any])
    for entry in populations + [total] {
      for key in ["spikes", "synapticOps", "neuronUpdates", "messages", "hops", "energyJoules", "memoryBytes", "coresUsed"] {
        #expect(entry[key] != nil, "\(name): \(key) missing")
      }
      let energy = try #require(entry["energyJoules"] as? [String: Any])
      #expect(energy["dynamic"] != nil && energy["static"] != nil)
    }
  }

  @Test("--out writes the report and SVG plots; progress never reaches stdout")
  func outDirectory() throws {
    let directory = try temporaryDirectory() + "/nested/out"
    let outcome = runCLI(["run", packageRoot + "/Scenarios/single-lif.json", "--out", directory, "--json"])
    #expect(outcome.code == 0)
    for file in ["report.json", "raster.svg", "membranes.svg", "energy.svg"] {
      #expect(FileManager.default.fileExists(atPath: directory + "/" + file), "\(file)")
    }
    let svg = try String(contentsOfFile: directory + "/raster.svg", encoding: .utf8)
    #expect(svg.hasPrefix("<?xml") && svg.contains("</svg>"))
    #expect(try JSONSerialization.jsonObject(with: Data(outcome.out.utf8)) is [String: Any])
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty)
  }

  @Test("Malformed scenarios: exit 1, one line per problem on stderr, nothing on stdout")
  func malformed() throws {
    let directory = try temporaryDirectory()
    let cases: [(String, String)] = [
      ("{\"description\": \"x\", \"time\": {", "line 1: column 31: file ends inside an object"),
      ("{\"description\": 3, \"time\": {\"model\": \"chip\"}, \"populations\": [], \"extra\": 1}", "description: expected a string"),
      ("{\"description\": \"x\", \"time\": {\"model\": \"chip\", \"durationTicks\": 5}, \"populations\": [{\"name\": \"p\", \"size\": 1e12, \"neuron\": {\"model\": \"lif\", \"tauMembrane\": 1}}]}", "populations[0].size"),
    ]
    for (index, (text, expected)) in cases.enumerated() {
      let path = directory + "/bad\(index).json"
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      let outcome = runCLI(["run", path])
      #expect(outcome.code == 1, "\(index)")
      #expect(outcome.out.isEmpty)
      #expect(outcome.err.contains(expected), "\(index): \(outcome.err)")
      for line in outcome.err.split(separator: "\n") { #expect(line.hasPrefix("Error: " + path)) }
    }
    let missing = runCLI(["run", directory + "/absent.json"])
    #expect(missing.code == 1 && missing.err.contains("absent.json: no such file"))
  }

  @Test("The built binary: exit codes and streams as a user sees them")
  func binary() throws {
    let ok = try runBinary(["run", "Scenarios/single-lif.json"])
    #expect(ok.code == 0)
    #expect(ok.out.contains("neuron") && ok.out.contains("Chip: loihi"))
    #expect(ok.err.isEmpty)
    let usage = try runBinary(["run"])
    #expect(usage.code == 2 && usage.out.isEmpty && usage.err.hasPrefix("Error: "))
    let bad = try runBinary(["run", "Package.swift"])
    #expect(bad.code == 1 && bad.out.isEmpty && bad.err.contains("Package.swift: line 1"))
  }
}
