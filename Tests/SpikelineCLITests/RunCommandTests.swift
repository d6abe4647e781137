import Foundation
import Testing
import ScenarioKit
import SpikeData
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
    for file in ["report.json", "spikes.csv", "spikes.npy", "membranes.csv", "membranes.npy", "raster.svg", "membranes.svg", "energy.svg"] {
      #expect(FileManager.default.fileExists(atPath: directory + "/" + file), "\(file)")
    }
    let svg = try String(contentsOfFile: directory + "/raster.svg", encoding: .utf8)
    #expect(svg.hasPrefix("<?xml") && svg.contains("</svg>"))
    #expect(try JSONSerialization.jsonObject(with: Data(outcome.out.utf8)) is [String: Any])
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty)
  }

  @Test("run --out: the spike and membrane files, read back, are the simulation's spikes and samples", arguments: ["single-lif", "synfire-chain"])
  func recordedFiles(name: String) throws {
    let directory = try temporaryDirectory() + "/\(name)"
    let path = packageRoot + "/Scenarios/\(name).json"
    let outcome = try runBinary(["run", path, "-o", directory])
    #expect(outcome.code == 0, "\(outcome.err)")
    // The simulation itself, run through the library.
    let scenario = try ScenarioLoader.load(path)
    guard case .network(let body) = scenario.body else { Issue.record("\(name) is not a network scenario"); return }
    let result = try NetworkScenarioRunner.run(scenario, body, profileOverride: nil).result
    var expected: [(population: Int, neuron: Int, time: Double, tick: Int?)] = []
    for record in result.spikes {
      for k in record.neurons.indices {
        expected.append((record.population.index, Int(record.neurons[k]), record.times[k], record.ticks.isEmpty ? nil : Int(record.ticks[k])))
      }
    }
    expected.sort { ($0.time, $0.population, $0.neuron) < ($1.time, $1.population, $1.neuron) }
    #expect(expected.count > 3, "\(name) should spike")
    // CSV: population name, neuron, time (shortest round-trip text), tick.
    let csv = try String(contentsOfFile: directory + "/spikes.csv", encoding: .utf8).split(separator: "\n").map(String.init)
    #expect(csv.first == "population,neuron,time_s,tick")
    #expect(csv.count - 1 == expected.count)
    for (line, spike) in zip(csv.dropFirst(), expected) {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      #expect(fields == [body.network.populations[spike.population].name, "\(spike.neuron)", "\(spike.time)", spike.tick.map(String.init) ?? ""],
              "\(line)")
    }
    // NPY: a structured array, decoded by our reader.
    let npy = try NPYFile.read(directory + "/spikes.npy")
    #expect(npy.shape == [expected.count])
    #expect(npy.field("population") == expected.map { Double($0.population) })
    #expect(npy.field("neuron") == expected.map { Double($0.neuron) })
    #expect(npy.field("time") == expected.map(\.time))
    #expect(npy.field("tick") == expected.map { Double($0.tick ?? -1) })
    // Membranes: every probed trace, sample by sample.
    if let first = result.membranes.first {
      let traces = try NPYFile.read(directory + "/membranes.npy")
      #expect(traces.field("time") == first.times)
      for trace in result.membranes {
        #expect(traces.field("\(body.network[trace.population].name)[\(trace.neuron)]") == trace.potentials)
      }
    }
  }

  @Test("--json --spikes carries every recorded spike with its time and tick")
  func jsonSpikes() throws {
    let outcome = runCLI(["run", packageRoot + "/Scenarios/single-lif.json", "--json", "--spikes"])
    #expect(outcome.code == 0, "\(outcome.err)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.out.utf8)) as? [String: Any])
    let recordings = try #require(json["recordings"] as? [String: Any])
    let spikes = try #require(recordings["spikes"] as? [[String: Any]])
    let report = try #require(json["report"] as? [String: Any])
    let total = try #require(report["total"] as? [String: Any])
    #expect(spikes.count == total["spikes"] as? Int)
    #expect(spikes.allSatisfy { $0["timeSeconds"] is Double && $0["tick"] is Int && $0["population"] is String })
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
