import Foundation
import Testing
import SpikeData

@Suite struct EncodeCommandTests {
  /// A harmonic tone of `seconds` at `pitch` Hz, written as 16-bit WAV at 16 kHz (or `rate`).
  func tone(_ name: String, in directory: String, seconds: Double, pitch: Double, rate: Int = 16_000) throws -> String {
    let samples = (0..<Int(Double(rate) * seconds)).map { i -> Float in
      let t = Double(i) / Double(rate)
      return Float((1...6).reduce(0.0) { $0 + sin(2 * .pi * pitch * Double($1) * t) / Double($1) } * 0.2)
    }
    let path = directory + "/" + name
    try Data(WAVFile.encode16(Audio(samples: samples, sampleRate: rate))).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test("encode --manifest: labels by index or name, splits and speakers per file; a warning for a recording past the window")
  func manifest() throws {
    let directory = try temporaryDirectory()
    try FileManager.default.createDirectory(atPath: directory + "/clips", withIntermediateDirectories: true)
    _ = try tone("clips/a.wav", in: directory, seconds: 0.5, pitch: 120)
    _ = try tone("clips/b.wav", in: directory, seconds: 1.25, pitch: 200, rate: 22_050)
    _ = try tone("clips/c.wav", in: directory, seconds: 0.4, pitch: 300)
    let manifest = directory + "/recordings.csv"
    try Data("file,label,split,speaker\nclips/a.wav,3,train,ann\nclips/b.wav,sieben,test,bob\n\n# a comment\nclips/c.wav,zero,train,ann\n".utf8)
      .write(to: URL(fileURLWithPath: manifest))
    let out = directory + "/mine.spkd"
    let result = try runBinary(["encode", "--manifest", manifest, "-o", out])
    #expect(result.code == 0, "\(result.err)")
    #expect(result.err.contains("warning: \(directory)/clips/b.wav lasts 1.250 s") && result.err.contains("last 0.250 s"), "\(result.err)")
    #expect(result.out.contains("wrote \(out): 3 samples, 2 speakers"))
    let dataset = try SpikeDataset.read(out)
    #expect(dataset.samples.map(\.label) == [3, 17, 0])
    #expect(dataset.samples.map(\.split) == [.train, .test, .train])
    #expect(dataset.speakerNames == ["ann", "bob"] && dataset.samples.map(\.speaker) == [0, 1, 0])
    #expect(dataset.samples.allSatisfy { $0.spikeCount > 0 })
    #expect(abs(dataset.samples[1].duration - 1.25) < 1e-3)
  }

  @Test("encode: --out is required and shown so; bad manifests name their line")
  func errors() throws {
    let help = try runBinary(["encode", "--help"])
    #expect(help.out.contains("USAGE: spikeline encode --out <file> [--manifest"), "\(help.out)")
    #expect(help.out.contains("(required)"))
    let missing = try runBinary(["encode", "x.wav"])
    #expect(missing.code == 2 && missing.err.contains("Missing required option '--out <file>'"), "\(missing.err)")
    let directory = try temporaryDirectory()
    let manifest = directory + "/bad.csv"
    try Data("clips/a.wav,eleven,train\n".utf8).write(to: URL(fileURLWithPath: manifest))
    let bad = try runBinary(["encode", "--manifest", manifest, "-o", directory + "/x.spkd"])
    #expect(bad.code == 1 && bad.err.contains("bad.csv: line 1: label 'eleven' is not a class index"), "\(bad.err)")
    #expect(!FileManager.default.fileExists(atPath: directory + "/x.spkd"))
  }
}
