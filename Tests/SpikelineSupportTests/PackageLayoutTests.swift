import Foundation
import Testing

private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct PackageLayoutTests {
  @Test("The README's module table lists exactly the library targets of Package.swift, in dependency order")
  func readmeModuleTable() throws {
    let manifest = try String(contentsOf: packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
    let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    // `("Name", [...])` entries of the `libraries` list.
    let libraries = manifest.split(separator: "\n").compactMap { line -> String? in
      let text = line.trimmingCharacters(in: .whitespaces)
      guard text.hasPrefix("(\"") else { return nil }
      return text.dropFirst(2).split(separator: "\"").first.map(String.init)
    }
    // First cells of the table rows under "## What is inside".
    let section = try #require(readme.range(of: "## What is inside"))
    let rows = readme[section.upperBound...].split(separator: "\n").drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
    let modules = rows.dropFirst(2).compactMap { row -> String? in
      let quoted = row.split(separator: "|").first?.split(separator: "`") ?? []
      return quoted.count > 1 ? String(quoted[1]) : nil
    }
    #expect(libraries.count >= 10, "parsed \(libraries) from Package.swift")
    #expect(modules == libraries, "README: \(modules)\nPackage.swift: \(libraries)")
  }

  @Test("Every source file stays under about 500 lines and is named after a type it declares or extends")
  func fileHomes() throws {
    let sources = packageRoot.appendingPathComponent("Sources")
    let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
    #expect(files.count > 100)
    let declaration = try Regex(#"(?m)^(?:public |internal |package )?(?:final )?(?:struct|enum|class|protocol|extension) (\w+)"#)
    for file in files {
      let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
      #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count <= 520, "\(file) is too long")
      let declared = text.matches(of: declaration).compactMap { $0.output[1].substring.map(String.init) }
      guard !declared.isEmpty else { continue }  // free functions (test helpers, edit distance) or main.swift
      let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
      let type = String(name.split(separator: "+").first ?? "")
      #expect(declared.contains(type), "\(file) declares \(declared) but is named after \(type)")
    }
  }
}
