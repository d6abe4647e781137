import Foundation
import Testing

@Suite struct TrainCommandTests {
  @Test("train in a terminal: the progress line counts epochs and batches, never past 100 %, with time left never negative; run from any directory, it finds the bundled data and saves a checkpoint by default")
  func progressInAPseudoTerminal() throws {
    let directory = try temporaryDirectory()
    // `script` gives the command a pseudo-terminal, so progress lines are drawn as a user sees them.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qfc", "'\(executablePath)' train --epochs 3 --limit 96 --batch 32 --hidden 8 --steps 20 --classes 0...2", "/dev/null"]
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "CI")
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    #expect(process.terminationStatus == 0, "\(text)")
    let lines = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).map(String.init).filter { $0.contains("training: epoch") }
    #expect(!lines.isEmpty, "no progress line was drawn:\n\(text)")
    let pattern = try Regex(#"training: epoch (\d+)/(\d+), batch (\d+)/(\d+) \((\d+)%\) [0-9.]+s elapsed, ~([0-9hms ]+) left"#)
    for line in lines {
      guard let match = line.firstMatch(of: pattern) else { Issue.record("unexpected progress line: \(line)"); continue }
      let numbers = (1...5).compactMap { match.output[$0].substring.flatMap { Int($0) } }
      #expect(numbers.count == 5 && numbers[0] <= numbers[1] && numbers[1] == 3 && numbers[2] <= numbers[3] && numbers[3] == 3 && numbers[4] <= 100, "\(line)")
    }
    #expect(lines.last?.contains("epoch 3/3, batch 3/3 (100%)") ?? false, "\(lines.last ?? "")")
    #expect(text.contains("saved the trained model to out/train-seed1.spkc"), "\(text)")
    #expect(FileManager.default.fileExists(atPath: directory + "/out/train-seed1.spkc"))
  }
}
