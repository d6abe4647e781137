import Foundation
import SpikelineSupport

/// A list of recordings with their labels: CSV lines `file,label,split[,speaker]`. A header line
/// starting with `file`, blank lines and lines starting with `#` are skipped; paths are relative to
/// the manifest; labels are class indices or class names; splits are `train` or `test`; speakers are
/// any names (numbered in order of appearance; "unknown" when the column is absent).
public struct RecordingManifest: Sendable {
  /// One listed recording.
  public struct Entry: Sendable, Equatable {
    /// The recording's path (made absolute against the manifest's folder when relative).
    public var path: String
    /// The class index.
    public var label: Int
    /// Training or test.
    public var split: Split
    /// Index into `speakerNames`.
    public var speaker: Int

    /// An entry for the recording at `path`.
    public init(path: String, label: Int, split: Split, speaker: Int) {
      self.path = path
      self.label = label
      self.split = split
      self.speaker = speaker
    }
  }

  /// A manifest of `entries` by `speakerNames`.
  public init(entries: [Entry], speakerNames: [String]) {
    self.entries = entries
    self.speakerNames = speakerNames
  }

  /// The recordings, in manifest order.
  public var entries: [Entry]
  /// The speakers, in order of first appearance.
  public var speakerNames: [String]

  /// Reads the manifest at `path`, resolving labels against `classNames`.
  /// - Throws: `SpikelineError` naming the manifest and line of the first bad entry.
  public static func read(_ path: String, classNames: [String]) throws -> RecordingManifest {
    let text = String(decoding: try readFileBytes(path), as: UTF8.self)
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var manifest = RecordingManifest(entries: [], speakerNames: [])
    // Character.isNewline also splits "\r\n", which Swift keeps as one Character (CRLF manifests).
    for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
      if line.isEmpty || (index == 0 && line.lowercased().hasPrefix("file")) || line.hasPrefix("#") { continue }
      let columns = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
      func fail(_ message: String) -> SpikelineError { SpikelineError(.invalidInput, file: path, location: .line(index + 1), message) }
      guard columns.count >= 3 else {
        throw fail("expected file,label,split[,speaker]; found \(columns.count) column\(columns.count == 1 ? "" : "s")")
      }
      guard let label = Int(columns[1]) ?? classNames.firstIndex(of: columns[1]), classNames.indices.contains(label) else {
        throw fail("label '\(columns[1])' is not a class index 0..<\(classNames.count) or a class name")
      }
      guard let split = Split.allCases.first(where: { $0.name == columns[2] }) else { throw fail("split '\(columns[2])' must be train or test") }
      let speakerName = columns.count > 3 && !columns[3].isEmpty ? columns[3] : "unknown"
      if !manifest.speakerNames.contains(speakerName) { manifest.speakerNames.append(speakerName) }
      let file = columns[0].hasPrefix("/") ? columns[0] : directory + "/" + columns[0]
      manifest.entries.append(Entry(path: file, label: label, split: split, speaker: manifest.speakerNames.firstIndex(of: speakerName) ?? 0))
    }
    guard !manifest.entries.isEmpty else { throw SpikelineError(.invalidInput, file: path, "lists no recordings (expected lines file,label,split[,speaker])") }
    return manifest
  }
}
