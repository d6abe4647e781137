import Foundation
import Testing
import SpikeData

@Suite struct ClassifyCommandTests {
  static let model = packageRoot + "/Scenarios/Data/pretrained/feedforward-64.spkc"
  static let dataset = packageRoot + "/Scenarios/Data/spoken-digits.spkd"

  /// A 1.2 s vowel-like sound (a 150 Hz harmonic series), longer than the model's 1 s window.
  func wav() throws -> String {
    let rate = 16_000
    let samples = (0..<(rate * 12 / 10)).map { i -> Float in
      let t = Double(i) / Double(rate)
      return Float((1...8).reduce(0.0) { $0 + sin(2 * .pi * 150 * Double($1) * t) / Double($1) } * 0.2)
    }
    let path = try temporaryDirectory() + "/vowel.wav"
    try Data(WAVFile.encode16(Audio(samples: samples, sampleRate: rate))).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test("classify: one prediction per WAV file and dataset sample, as a table, JSON and CSV, with the chip cost per sample")
  func predictions() throws {
    let wav = try wav()
    let table = try runBinary(["classify", Self.model, wav, Self.dataset, "--limit", "3"])
    #expect(table.code == 0, "\(table.err)")
    let lines = table.out.split(separator: "\n")
    #expect(lines.count == 1 + 4 + 1, "\(table.out)")
    #expect(lines[1].hasPrefix(wav) && lines.dropFirst(2).prefix(3).allSatisfy { $0.contains("spoken-digits.spkd#") })
    #expect(table.out.contains("µJ") && table.out.contains("accuracy"))
    #expect(table.err.contains("warning: \(wav) lasts 1.200 s") && table.err.contains("not seen by the model"), "\(table.err)")

    let json = try runBinary(["classify", Self.model, wav, Self.dataset, "--limit", "3", "--json"])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
    let rows = try #require(report["rows"] as? [[String: Any]])
    let classes = try #require(report["classNames"] as? [String])
    #expect(classes.count == 20 && classes.first == "zero")
    #expect(rows.count == 4)
    for row in rows {
      let scores = try #require(row["scores"] as? [Double])
      let predicted = try #require(row["predictedClass"] as? Int)
      #expect(scores.count == 20 && scores[predicted] == scores.max())
      #expect(row["predicted"] as? String == classes[predicted])
      #expect((row["energyJoules"] as? Double ?? 0) > 0 && (row["latencySeconds"] as? Double ?? 0) > 0)
    }
    #expect(rows[0]["label"] == nil && rows[1]["label"] is String)

    let csv = try runBinary(["classify", Self.model, Self.dataset, "--limit", "2", "--csv"])
    let csvLines = csv.out.split(separator: "\n")
    #expect(csvLines.count == 3)
    #expect(csvLines[0].hasPrefix("input,label,predicted,correct,energy_J,latency_s,synaptic_ops,spikes,score_zero,"))
    #expect(csvLines[1].split(separator: ",").count == 8 + 20)
  }

  @Test("classify: bad inputs are one clear line and a non-zero exit")
  func errors() throws {
    let noInput = try runBinary(["classify", Self.model])
    #expect(noInput.code == 2 && noInput.err.contains("<input>"), "\(noInput.err)")
    let text = try temporaryDirectory() + "/notes.txt"
    try Data("hello".utf8).write(to: URL(fileURLWithPath: text))
    let wrongKind = try runBinary(["classify", Self.model, text])
    #expect(wrongKind.code == 1 && wrongKind.err.contains("notes.txt: expected a .wav recording or a .spkd spike dataset"), "\(wrongKind.err)")
    let badModel = try runBinary(["classify", text, Self.dataset])
    #expect(badModel.code == 1 && badModel.err.contains("notes.txt"), "\(badModel.err)")
    let names = try runBinary(["classify", Self.model, Self.dataset, "--limit", "1", "--class-names", "a,b"])
    #expect(names.code == 2 && names.err.contains("the model has 20 classes, got 2 names"), "\(names.err)")
  }
}
