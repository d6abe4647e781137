import Foundation
import Testing
import SpikeData
import SpikelineSupport
@testable import SpikelineCLI

/// The crash sites, hangs and quietly wrong answers found by fuzzing, each now a clear error.
@Suite struct HostileInputTests {
  func scenario(_ text: String) throws -> String {
    let path = try temporaryDirectory() + "/hostile.json"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  static let chip = #"{"description": "x", "time": {"model": "chip", "tickDuration": TICK, "durationSeconds": 1}, "populations": [{"name": "i", "size": 1, "source": {"spikeTicks": [[0]]}}, {"name": "n", "size": 1, "neuron": {"model": "lif", "tauMembrane": 0.01}}], "projections": [{"source": "i", "target": "n", "connector": "oneToOne", "weight": 1, "delay": DELAY}]FIXED}"#

  func chipScenario(tick: String = "0.001", delay: String = "0.001", fixed: String = "") throws -> String {
    try scenario(Self.chip.replacingOccurrences(of: "TICK", with: tick).replacingOccurrences(of: "DELAY", with: delay)
      .replacingOccurrences(of: "FIXED", with: fixed))
  }

  @Test("Extreme numbers in scenarios: a 1e-300 s tick, a 1e308 s delay, 1e-308 V per unit, 10^9 ticks from --duration")
  func extremeScenarioNumbers() throws {
    let tick = runCLI(["run", try chipScenario(tick: "1e-300")])
    #expect(tick.code == 1 && tick.err.contains("time.durationSeconds: is 1e+300 ticks"), "\(tick.err)")
    let delay = runCLI(["run", try chipScenario(delay: "1e308")])
    #expect(delay.code == 1 && delay.err.contains("longer than the limit of 1,000,000 ticks"), "\(delay.err)")
    let fixed = runCLI(["run", try chipScenario(fixed: #", "fixedPoint": {"voltsPerUnit": 1e-308}"#)])
    #expect(fixed.code == 1 && fixed.err.contains("voltsPerUnit: must be 1e-15...1000"), "\(fixed.err)")
    let duration = runCLI(["run", try chipScenario(), "--duration", "1000000"])
    #expect(duration.code == 1 && duration.err.contains("more than the limit of 100,000,000"), "\(duration.err)")
  }

  @Test("Found by the fuzzer: a connection probability of 1e-300, a spike storm from reset by subtraction, a huge active-channel count")
  func fuzzFindings() throws {
    let sparse = #"{"description": "x", "time": {"model": "chip", "durationTicks": 5}, "populations": [{"name": "i", "size": 2, "source": {"spikeTicks": [[0], [1]]}}, {"name": "n", "size": 3, "neuron": {"model": "lif", "tauMembrane": 0.01}}], "projections": [{"source": "i", "target": "n", "connector": {"probability": 1e-300}, "weight": 1}]}"#
    let runSparse = runCLI(["run", try scenario(sparse), "--json"])
    #expect(runSparse.code == 0, "\(runSparse.err)")
    let storm = #"{"description": "x", "time": {"model": "continuous", "durationSeconds": 0.01}, "populations": [{"name": "i", "size": 1, "source": {"spikeTimes": [[0.001]]}}, {"name": "n", "size": 1, "neuron": {"model": "lif", "tauMembrane": 0.01, "threshold": 1, "reset": "subtract"}}], "projections": [{"source": "i", "target": "n", "connector": "oneToOne", "weight": 1e20}]}"#
    let runStorm = runCLI(["run", try scenario(storm)])
    #expect(runStorm.code == 1 && runStorm.err.contains("neuron 0 fired more than 10000 times at t = 0.002 s"), "\(runStorm.err)")
    var dataset = SpikeDataset(channelCount: 4, timeUnit: 1e-3, classNames: ["a"], speakerNames: ["s"])
    dataset.samples = [SpikeSample(label: 0, speaker: 0, split: .train, duration: 0.1, times: [5], channels: [1])]
    var bytes = try dataset.encoded()
    // The payload is the tail: active channels 1, gap 1, count 1, time 5. Make the active count 2^63 + 1 (LEB128).
    bytes.replaceSubrange((bytes.count - 4)..., with: [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 1, 1, 5])
    let lengthOffset = bytes.count - 13 - 4
    bytes.replaceSubrange(lengthOffset..<(lengthOffset + 4), with: [13, 0, 0, 0])
    #expect { try SpikeDataset.decode(bytes, file: "huge.spkd") } throws: { "\($0)".contains("active channels; the dataset has 4") }
  }

  @Test("A dataset with no classes, one with no training samples, and an NPY shape whose size overflows are clear errors")
  func emptyAndOverflowing() throws {
    var dataset = SpikeDataset(channelCount: 4, timeUnit: 1e-3, classNames: ["a"], speakerNames: ["s"])
    dataset.samples = [SpikeSample(label: 0, speaker: 0, split: .test, duration: 0.1, times: [5], channels: [1])]
    var bytes = try dataset.encoded()
    let path = try temporaryDirectory() + "/test-only.spkd"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let noTraining = runCLI(["train", "--dataset", path, "--epochs", "1", "--no-checkpoint"])
    #expect(noTraining.code == 1 && noTraining.err.contains("the dataset has no training samples") && !noTraining.err.contains("--validation-speakers"),
            "\(noTraining.err)")
    // The class count (u16 after magic, version, reserved, channels and time unit) set to 0.
    bytes.replaceSubrange(20..<22, with: [0, 0])
    #expect { try SpikeDataset.decode(bytes, file: "none.spkd") } throws: { "\($0)".contains("none.spkd: byte 20: class count is 0") }
    let header = "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"
    var npy: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count), 0] + Array(header.utf8)
    npy += [UInt8](repeating: 0, count: 16)
    #expect { try NPYFile.decode(npy, file: "huge.npy") } throws: { "\($0)".contains("has more elements than can be addressed") }
  }

  @Test("A flood of 200,000 unknown fields is reported in a few lines, quickly")
  func unknownKeyFlood() throws {
    var text = #"{"description": "x", "time": {"model": "continuous", "durationSeconds": 0.01}, "populations": [], "#
    text += (0..<200_000).map { "\"k\($0)\": 0" }.joined(separator: ", ") + "}"
    let started = Date()
    let result = runCLI(["run", try scenario(text)])
    #expect(Date().timeIntervalSince(started) < 20)
    #expect(result.code == 1 && result.err.contains("has 199980 more unknown fields"), "\(result.err.prefix(500))")
    #expect(result.err.split(separator: "\n").count < 30)
  }

  @Test("step --script with a huge step count stops at the end of the run")
  func stepEndsAtTheEnd() throws {
    let result = runCLI(["step", packageRoot + "/Scenarios/single-lif.json", "--script", "99999999999", "--width", "80"])
    #expect(result.code == 0 && result.out.contains("end of the run"))
  }

  @Test("dataset export --window 1e-320 and a WAV that says 1 Hz are clear errors, not a trap or 12 GB")
  func binningAndSampleRate() throws {
    let export = runCLI(["dataset", "export", packageRoot + "/Scenarios/Data/spoken-digits.spkd", "--window", "1e-320", "-o", try temporaryDirectory()])
    #expect(export.code == 2 && export.err.contains("--window: must be 1e-6...1e6 seconds (got 1e-320)"), "\(export.err)")
    let huge = runCLI(["dataset", "export", packageRoot + "/Scenarios/Data/spoken-digits.spkd", "--steps", "100000", "-o", try temporaryDirectory()])
    #expect(huge.code == 2 && huge.err.contains("at most 4294967296 bytes fit"), "\(huge.err)")
    var bytes = WAVFile.encode16(Audio(samples: [Float](repeating: 0.1, count: 1000), sampleRate: 16_000))
    bytes.replaceSubrange(24..<28, with: [1, 0, 0, 0])  // sample rate: 1 Hz
    #expect { try WAVFile.decode(bytes, file: "one-hertz.wav") } throws: { "\($0)".contains("one-hertz.wav: byte 24: sample rate 1 Hz is outside 100...1000000") }
  }

  @Test("IDX: a corrupted label names its file and offset; a set without training images is refused")
  func idxLabels() throws {
    let directory = try temporaryDirectory()
    let names = ImageDataset.fileNames
    func write(_ array: IDXArray, _ name: String) throws {
      try Data(IDXFile.encode(array)).write(to: URL(fileURLWithPath: directory + "/" + name))
    }
    try write(IDXArray(shape: [4, 2, 2], values: [UInt8](repeating: 7, count: 16)), names.trainImages)
    try write(IDXArray(shape: [4], values: [0, 1, 128, 1]), names.trainLabels)
    try write(IDXArray(shape: [1, 2, 2], values: [UInt8](repeating: 7, count: 4)), names.testImages)
    try write(IDXArray(shape: [1], values: [1]), names.testLabels)
    #expect { try ImageDataset.load(directory: directory) } throws: {
      "\($0)".contains(names.trainLabels + ": byte 10: label 128 of training image 2 leaves class 2 without images")
    }
    try write(IDXArray(shape: [0, 2, 2], values: []), names.trainImages)
    try write(IDXArray(shape: [0], values: []), names.trainLabels)
    #expect { try ImageDataset.load(directory: directory) } throws: { "\($0)".contains("holds no training images") }
  }

  @Test("train --resume checks the dataset against the checkpoint and refuses options it would ignore")
  func resumeChecks() throws {
    let directory = try temporaryDirectory()
    let targets = try FuzzTargets(folder: directory)  // writes seed.spkc: 8 channels, 3 classes
    _ = targets
    let mismatch = runCLI(["train", "--resume", "--checkpoint", directory + "/seed.spkc"])
    #expect(mismatch.code == 1 && mismatch.err.contains("the model takes 8 channels and 3 classes; the dataset has 700 channels and 20 classes"),
            "\(mismatch.err)")
    let ignored = runCLI(["train", "--dataset", directory + "/seed.spkd", "--resume", "--checkpoint", directory + "/seed.spkc", "--epochs", "5", "--lr", "0.1"])
    #expect(ignored.code == 2 && ignored.err.contains("--epochs, --lr cannot change a resumed run"), "\(ignored.err)")
  }

  @Test("A checkpoint killed mid-save leaves a temporary that the next save of the same file removes")
  func staleTemporaries() throws {
    let directory = try temporaryDirectory()
    let stale = directory + "/.model.spkc.tmp-2147483000-7"  // no process has this id
    let other = directory + "/.other.spkc.tmp-2147483000-7"
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: stale))
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: other))
    try AtomicFileWriter.write("model", to: directory + "/model.spkc")
    #expect(!FileManager.default.fileExists(atPath: stale))
    #expect(FileManager.default.fileExists(atPath: other))  // another target's temporary is not touched
  }

  @Test("CRLF manifests are read like LF ones")
  func crlfManifest() throws {
    let directory = try temporaryDirectory()
    let manifest = directory + "/m.csv"
    try Data("file,label,split\r\na.wav,3,train\r\nb.wav,sieben,test\r\n".utf8).write(to: URL(fileURLWithPath: manifest))
    let list = try RecordingManifest.read(manifest, classNames: SpokenDigitPlan.words)
    #expect(list.entries.map(\.label) == [3, 17] && list.entries.map(\.split) == [.train, .test])
    #expect(list.entries[0].path == directory + "/a.wav")
  }

  @Test("--deterministic: two training runs with the same seed print the same bytes")
  func deterministicJSON() throws {
    let directory = try temporaryDirectory()
    _ = try FuzzTargets(folder: directory)
    let arguments = ["train", "--dataset", directory + "/seed.spkd", "--epochs", "2", "--hidden", "4", "--steps", "20", "--window", "0.2",
                     "--batch", "2", "--no-checkpoint", "--json", "--deterministic"]
    let first = runCLI(arguments), second = runCLI(arguments)
    #expect(first.code == 0, "\(first.err)")
    #expect(first.out == second.out && !first.out.contains("seconds") && first.out.contains("testAccuracy"))
  }

  @Test("A short fuzz campaign over every reader ends in acceptance or a clear error, case after case")
  func fuzzCampaign() throws {
    let directory = try temporaryDirectory()
    let campaign = FuzzCampaign(targets: try FuzzTargets(folder: directory).all, seed: 7)
    let report = campaign.runInProcess(0..<1600)
    #expect(report.counts.count == 8 && report.counts.values.allSatisfy { $0.values.reduce(0, +) == 200 })
    #expect(report.findings.isEmpty, "\(report.findings.prefix(5))")
    // Mutations reach past the first check: some inputs are accepted, most are refused with a clear error.
    let accepted = report.counts.values.reduce(0) { $0 + ($1["accepted"] ?? 0) }
    #expect(accepted > 50 && accepted < 1400, "\(report.counts)")
  }
}
