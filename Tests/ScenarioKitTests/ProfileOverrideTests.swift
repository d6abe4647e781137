import Foundation
import Testing
import ChipModel
import SpikelineSupport
@testable import ScenarioKit

/// Profiles in scenarios and files: a built-in with overrides, a whole profile in a file, and the
/// provenance each records.
@Suite struct ProfileOverrideTests {
  func chip(_ json: String) throws -> ChipSettings {
    let text = minimal.replacingOccurrences(of: "\"description\": \"d\",", with: "\"description\": \"d\", \"chip\": \(json),")
    let scenario = try ScenarioLoader.parse(Array(text.utf8), file: "test.json")
    guard case .network(let body) = scenario.body else { throw SpikelineError(.invalidInput, "not a network scenario") }
    return body.chip
  }

  @Test("{\"base\": \"loihi\", ...} keeps Loihi's figures, replaces the given ones and marks them as the user's")
  func baseWithOverrides() throws {
    let settings = try chip(#"{"profile": {"base": "loihi", "staticPowerPerChip": 0.09, "neuronsPerCore": 512}, "chips": 4, "timestep": 0.0005}"#)
    let profile = settings.profile
    #expect(profile.name == "loihi-custom")
    #expect(profile.staticPowerPerChip == 0.09 && profile.neuronsPerCore == 512)
    #expect(profile.synapticOpEnergy == ChipProfile.loihi.synapticOpEnergy)
    #expect(profile.provenance["staticPowerPerChip"]?.basis == .user)
    #expect(profile.provenance["synapticOpEnergy"] == ChipProfile.loihi.provenance["synapticOpEnergy"])
    #expect(settings.chips == 4 && settings.timestep == 0.0005)
  }

  @Test("Overrides are checked like any figure, and an unknown base is named")
  func badOverrides() {
    let bad = minimal.replacingOccurrences(of: "\"description\": \"d\",",
      with: #""description": "d", "chip": {"profile": {"base": "loihi", "synapticOpEnergy": -1}},"#)
    #expect(messages(bad).contains("test.json: chip.profile.synapticOpEnergy: must be a finite number >= 0 (got -1.0)"))
    let unknown = minimal.replacingOccurrences(of: "\"description\": \"d\",",
      with: #""description": "d", "chip": {"profile": {"base": "pentium"}},"#)
    #expect(messages(unknown).contains { $0.hasPrefix("test.json: chip.profile.base: unknown chip profile 'pentium'") })
    let table = minimal.replacingOccurrences(of: "\"description\": \"d\",",
      with: #""description": "d", "chip": {"profile": {"base": "loihi", "synchronisation": [{"chips": 4, "seconds": 1e-6}, {"chips": 2, "seconds": 2e-6}]}},"#)
    #expect(messages(table).contains { $0.contains("synchronisation[1].chips: must be larger than the previous point's 4") })
  }

  @Test("A profile file loads by path (--profile FILE and scenario files), relative to the scenario")
  func profileFile() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spikeline-profile-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = directory + "/chip.json"
    try #"{"base": "truenorth", "name": "tn-08v", "staticPowerPerChip": 0.065}"#.write(toFile: file, atomically: true, encoding: .utf8)
    let profile = try ProfileLoader.resolve(file)
    #expect(profile.name == "tn-08v" && profile.staticPowerPerChip == 0.065 && profile.minimumTickDuration == 1e-3)
    #expect(profile.provenance["staticPowerPerChip"] == FigureProvenance(.user, "file \(file)"))
    let scenario = minimal.replacingOccurrences(of: "\"description\": \"d\",", with: #""description": "d", "chip": {"profile": "chip.json"},"#)
    try scenario.write(toFile: directory + "/s.json", atomically: true, encoding: .utf8)
    let loaded = try ScenarioLoader.load(directory + "/s.json")
    guard case .network(let body) = loaded.body else { Issue.record("not a network scenario"); return }
    #expect(body.chip.profile.name == "tn-08v")
    try "{\"base\": \"loihi\", \"staticPowerPerChip\": \"high\"}".write(toFile: file, atomically: true, encoding: .utf8)
    #expect { try ProfileLoader.resolve(file) } throws: { error in
      "\(error)".contains(file) && "\(error)".contains("staticPowerPerChip")
    }
  }

  @Test("Every figure of every built-in profile has a provenance; Loihi 2 says which figures are assumed")
  func provenance() throws {
    for profile in ChipProfile.builtIn {
      for figure in ChipProfile.figures where figure.value(in: profile) != nil {
        #expect(profile.provenance[figure.name] != nil, "\(profile.name).\(figure.name) has no provenance")
      }
    }
    let loihi2 = ChipProfile.loihi2
    #expect(loihi2.provenance["synapticOpEnergy"]?.basis == .assumed)
    #expect(loihi2.provenance["neuronsPerCore"]?.basis == .derived && loihi2.neuronsPerCore == 8192)
    #expect(loihi2.staticPowerPerChip == nil)
    #expect(ChipProfile.trueNorth.provenance["staticPowerPerChip"]?.fittedTo?.contains("95.9 Hz") == true)
  }

  @Test("Synchronisation tables interpolate linearly between points and hold flat beyond them")
  func synchronisationTable() {
    let loihi = ChipProfile.loihi
    #expect(loihi.synchronisationLatency(chips: 1) == 0.6e-6)
    #expect(abs((loihi.synchronisationLatency(chips: 3) ?? 0) - 1.2e-6) < 1e-18)
    #expect(loihi.synchronisationLatency(chips: 2000) == 16.2e-6)
    #expect(ChipProfile.trueNorth.synchronisationLatency(chips: 4) == nil)
  }
}
