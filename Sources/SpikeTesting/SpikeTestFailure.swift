import Testing
#if canImport(XCTest)
import XCTest
#endif

/// Where a helper was called from: captured by default arguments (`#fileID`, `#filePath`, `#line`,
/// `#column`), so callers need neither `import Testing` nor `import XCTest` to use the helpers.
public struct SpikeTestLocation: Sendable {
  /// The file as `Module/File.swift`.
  public var fileID: String
  /// The file's full path.
  public var filePath: StaticString
  /// 1-based line.
  public var line: UInt
  /// 1-based column.
  public var column: UInt

  /// A location; helpers build it from their default arguments.
  public init(fileID: String, filePath: StaticString, line: UInt, column: UInt) {
    self.fileID = fileID
    self.filePath = filePath
    self.line = line
    self.column = column
  }
}

/// Reports a failed expectation to whichever test framework is running it: an issue of the current
/// Swift Testing test, or a failure of the current XCTest case. Either way the test fails.
public enum SpikeTestFailure {
  /// Fails the running test with `message` at `location`.
  ///
  /// Under Swift Testing (`Test.current` is set) it records an issue; otherwise it calls `XCTFail`.
  /// Outside any test it is a programming error, as `XCTFail` is.
  public static func record(_ message: String, at location: SpikeTestLocation) {
    if Test.current != nil {
      Issue.record(Comment(rawValue: message),
                   sourceLocation: SourceLocation(fileID: location.fileID, filePath: "\(location.filePath)",
                                                  line: Int(location.line), column: Int(location.column)))
      return
    }
    #if canImport(XCTest)
    XCTFail(message, file: location.filePath, line: location.line)
    #else
    Issue.record(Comment(rawValue: message))
    #endif
  }
}
