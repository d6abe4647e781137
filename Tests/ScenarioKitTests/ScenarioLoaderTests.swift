import Foundation
import Testing
import SpikelineSupport
import ContinualLearning
@testable import ScenarioKit

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

func messages(_ text: String) -> [String] {
  do {
    _ = try ScenarioLoader.parse(Array(text.utf8), file: "test.json")
    return []
  } catch let errors as SpikelineErrors {
    return errors.errors.map(\.description)
  } catch {
    return ["\(error)"]
  }
}

let minimal = """
  {"description": "d", "time": {"model": "chip", "durationTicks": 5},
   "populations": [{"name": "a", "size": 2, "neuron": {"model": "lif", "tauMembrane": 0.01}}]}
  """

@Suite struct ScenarioLoaderTests {
  @Test("Every shipped scenario loads and validates")
  func shippedScenarios() throws {
    let directory = packageRoot + "/Scenarios"
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
    #expect(files.count >= 3)
    for file in files {
      let scenario = try ScenarioLoader.load(directory + "/" + file)
      #expect(!scenario.description.isEmpty, "\(file)")
    }
  }

  @Test("A minimal scenario parses")
  func minimalScenario() throws {
    #expect(messages(minimal).isEmpty)
  }

  @Test("Truncated JSON names the line and column and what was expected")
  func truncated() {
    let errors = messages("{\"description\": \"x\",\n \"time\": {\"model\": \"chip\"")
    #expect(errors == ["test.json: line 2: column 26: file ends inside an object; expected ',' or '}'"])
    #expect(messages("") == ["test.json: line 1: column 1: file is empty; expected a JSON object"])
    #expect(messages("{\"a\": tru}").first?.contains("column 7: expected a value") == true)
  }

  @Test("Wrong types, unknown fields and unknown model names are all reported, each with its path")
  func manyProblems() {
    let text = """
      {"description": "d", "time": {"model": "chip", "durationTicks": "five"},
       "populations": [
         {"name": "a", "size": 2, "neuron": {"model": "izhikevich"}},
         {"name": "b", "size": 3, "nueron": {"model": "lif"}},
         {"name": "c", "size": 1000000000000, "neuron": {"model": "lif", "tauMembrane": 0.01}}
       ],
       "projections": [{"source": "a", "target": "zz", "connector": "allToAll", "delay": -1}]}
      """
    let errors = messages(text)
    #expect(errors.contains("test.json: time.durationTicks: expected a number, found a string"))
    #expect(errors.contains("test.json: populations[0].neuron.model: unknown value 'izhikevich' (known: lif, cuba, discreteLIF, discreteCUBA)"))
    #expect(errors.contains { $0.hasPrefix("test.json: populations[1].nueron: unknown field (did you mean 'neuron'?)") })
    #expect(errors.contains("test.json: populations[2].size: must be in 0...50000000 (got 1000000000000)"))
    #expect(errors.contains { $0.hasPrefix("test.json: projections[0].target: unknown population 'zz'") })
    #expect(errors.contains("test.json: projections[0].delay: must be >= 0 seconds (got -1.0)"))
    #expect(errors.count >= 6)
    for error in errors { #expect(!error.contains("\n")) }
  }

  @Test("Network build errors come back under their JSON path")
  func buildErrors() {
    let text = """
      {"description": "d", "time": {"model": "chip", "durationTicks": 5},
       "populations": [{"name": "a", "size": 2, "neuron": {"model": "lif", "tauMembrane": 0.01, "threshold": -1, "reset": {"potential": 0}}},
                       {"name": "b", "size": 2, "neuron": {"model": "lif", "tauMembrane": 0.01}}],
       "projections": [{"source": "b", "target": "b", "connector": {"probability": 1.5}},
                       {"source": "b", "target": "b", "connector": {"synapses": [{"source": 0, "target": 9}]}}]}
      """
    let errors = messages(text)
    #expect(errors.contains { $0.hasPrefix("test.json: populations[0].neuron.threshold: must be above the reset potential") })
    #expect(errors.contains("test.json: projections[0].connector.probability: must be in [0, 1] (got 1.5)"))
    #expect(errors.contains { $0.hasPrefix("test.json: projections[1].connector.synapses[0].target: index 9 is out of range 0..<2") })
  }

  @Test("Duplicate keys, a missing description and a non-object top level are errors")
  func structure() {
    #expect(messages("[1, 2]") == ["test.json: (top level): expected a JSON object at the top level, found an array"])
    let duplicated = minimal.replacingOccurrences(of: "\"description\": \"d\"", with: "\"description\": \"d\", \"seed\": 1, \"seed\": 2")
    #expect(messages(duplicated).contains("test.json: seed: appears more than once in the same object"))
    let undescribed = minimal.replacingOccurrences(of: "\"description\": \"d\",", with: "")
    #expect(messages(undescribed).contains("test.json: description: is required"))
  }

  @Test("Inline chip profiles are checked field by field")
  func inlineProfile() {
    let text = minimal.replacingOccurrences(of: "\"description\": \"d\",",
      with: "\"description\": \"d\", \"chip\": {\"profile\": {\"name\": \"mine\", \"synapticOpEnergy\": -1, \"coresPerChip\": 4, \"flux\": 2}},")
    let errors = messages(text)
    #expect(errors.contains("test.json: chip.profile.synapticOpEnergy: must be a finite number >= 0 (got -1.0)"))
    #expect(errors.contains { $0.hasPrefix("test.json: chip.profile.flux: unknown field") })
  }
}

@Suite struct ScenarioRunTests {
  @Test("The same scenario and seed give byte-identical reports")
  func determinism() throws {
    let scenario = try ScenarioLoader.load(packageRoot + "/Scenarios/synfire-chain.json")
    guard case .network(let body) = scenario.body else { Issue.record("not a network scenario"); return }
    let a = try JSONOutput.string(NetworkScenarioRunner.run(scenario, body).report)
    let b = try JSONOutput.string(NetworkScenarioRunner.run(scenario, body).report)
    #expect(a == b)
    #expect(a.contains("\"energyJoules\""))
  }

  @Test("A run names its phases in order and reports the simulation's progress up to 1")
  func phasesAndProgress() throws {
    let scenario = try ScenarioLoader.load(packageRoot + "/Scenarios/synfire-chain.json")
    guard case .network(let body) = scenario.body else { Issue.record("not a network scenario"); return }
    var phases: [String] = [], fractions: [Double] = []
    _ = try NetworkScenarioRunner.run(scenario, body, phase: { phases.append($0) }, progress: { fractions.append($0) })
    #expect(phases == ["mapping onto cores", "simulating", "costing"])
    #expect(fractions.last == 1 && fractions == fractions.sorted())
  }

  @Test("The single-LIF scenario spikes at the closed-form ticks 4, 8, 12, ...")
  func singleLIF() throws {
    let scenario = try ScenarioLoader.load(packageRoot + "/Scenarios/single-lif.json")
    guard case .network(let body) = scenario.body else { Issue.record("not a network scenario"); return }
    let outcome = try NetworkScenarioRunner.run(scenario, body)
    let neuron = try #require(body.network.population(named: "neuron"))
    #expect(outcome.result.spikes(of: neuron).ticks(of: 0) == [4, 8, 12, 16, 20, 24, 28, 32, 36])
  }
}

@Suite struct ExperimentScenarioTests {
  @Test("The bundled experiment scenarios load with the methods they describe")
  func bundledExperiments() throws {
    let replay = try ScenarioLoader.load(packageRoot + "/Scenarios/replay4ncl.json")
    guard case .experiment(.replay(let r)) = replay.body else { Issue.record("replay4ncl.json is not a replay scenario"); return }
    #expect(r.methods.map(\.name) == ["Replay4NCL", "SpikingLR", "Naive", "Joint"])
    #expect(r.methods[0].steps == 40 && r.methods[0].backboneSteps == 40 && r.methods[0].thresholdEnd == 0.9 && r.methods[0].learningRateEnd == 0.5)
    #expect(r.heldOutClasses == [2, 6, 10, 14, 18] && r.seeds == 3)
    #expect(r.pretrained.hasSuffix("Scenarios/Data/pretrained"))
    let spiking = try ScenarioLoader.load(packageRoot + "/Scenarios/spikinglr.json")
    guard case .experiment(.replay(let s)) = spiking.body else { Issue.record("spikinglr.json is not a replay scenario"); return }
    #expect(s.methods.count == 1 && s.methods[0].steps == 100 && s.methods[0].compression.window == 2)
    let classifier = try ScenarioLoader.load(packageRoot + "/Scenarios/spoken-digit-classifier.json")
    guard case .experiment(.classifier(let c)) = classifier.body else { Issue.record("not a classifier scenario"); return }
    #expect(c.checkpoint.hasSuffix("feedforward-64.spkc") && c.samples == 40)
  }
}
