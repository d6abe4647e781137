import Foundation

/// Finds the bundled data (`Scenarios/Data/…`) from any working directory: relative to the current
/// directory first, then relative to the checkout the running binary was built in (found by walking
/// up from the executable, `.build/<configuration>/spikeline`), then relative to the source tree the
/// binary was compiled from.
enum BundledData {
  /// `relative` (a path such as `Scenarios/Data/spoken-digits.spkd`) where it exists; unchanged if
  /// it exists nowhere, so the error names the path the user expects.
  static func resolve(_ relative: String) -> String {
    if relative.hasPrefix("/") || FileManager.default.fileExists(atPath: relative) { return relative }
    for root in roots {
      let candidate = root + "/" + relative
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
    }
    return relative
  }

  /// Folders that may be the package root, nearest first.
  static var roots: [String] {
    var roots: [String] = []
    if let executable = Bundle.main.executablePath {
      var folder = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
      while folder.path != "/" {
        if FileManager.default.fileExists(atPath: folder.path + "/Scenarios/Data") { roots.append(folder.path); break }
        folder = folder.deletingLastPathComponent()
      }
    }
    // Sources/SpikelineCLI/CommandLine/BundledData.swift → the package root.
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    roots.append(source.path)
    return roots
  }
}
