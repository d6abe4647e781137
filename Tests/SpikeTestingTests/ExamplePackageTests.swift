import Foundation
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

@Suite struct ExamplePackageTests {
  @Test("The README's example package builds against this checkout with `import SpikeTesting` alone, and its tests pass")
  func examplePackage() throws {
    let example = packageRoot + "/Tests/SpikeTestingExample"
    // The README shows the example's manifest lines and its XCTest file verbatim.
    let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
    let testFile = try String(contentsOfFile: example + "/Tests/NeuronTimingTests/LIFTimingTests.swift", encoding: .utf8)
    #expect(readme.contains(testFile.trimmingCharacters(in: .whitespacesAndNewlines)), "README.md must show LIFTimingTests.swift as it is")
    #expect(readme.contains(#".product(name: "SpikeTesting", package: "Spikeline")"#))

    let scratch = Self.scratchDirectory()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["swift", "test", "--package-path", example, "--scratch-path", scratch]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    #expect(process.terminationStatus == 0, "swift test of the example failed:\n\(text.suffix(3000))")
    #expect(text.contains("Executed 1 test, with 0 failures"), "the XCTest example did not run:\n\(text.suffix(2000))")
    #expect(text.contains("firesEveryFourthTick() passed"), "the Swift Testing example did not run:\n\(text.suffix(2000))")
  }

  /// A build folder for the example, named after the list of Spikeline's source files: SwiftPM's
  /// incremental build of a path dependency misses files added to a target, so a new list gets a
  /// fresh folder (and the folders of older lists are removed). Edits to existing files rebuild as usual.
  static func scratchDirectory() -> String {
    let files = (FileManager.default.enumerator(atPath: packageRoot + "/Sources")?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".swift") || $0.hasSuffix(".h") || $0.hasSuffix(".modulemap") }.sorted()
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
    for byte in files.joined(separator: "\n").utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
    let name = "spikeline-example-build-" + String(hash, radix: 16)
    let temporary = FileManager.default.temporaryDirectory
    for old in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
    where old.hasPrefix("spikeline-example-build") && old != name {
      try? FileManager.default.removeItem(at: temporary.appendingPathComponent(old))
    }
    return temporary.appendingPathComponent(name).path
  }
}
