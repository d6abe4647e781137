import SpikelineSupport

/// Collects every problem found while reading a file.
final class Diagnostics {
  let file: String?
  private(set) var errors: [SpikelineError] = []
  init(file: String?) { self.file = file }

  func add(_ path: String, _ message: String) {
    errors.append(SpikelineError(.invalidInput, file: file, location: .field(path.isEmpty ? "(top level)" : path), message))
  }

  /// Adds an error thrown by a builder, its field placed under `path`.
  func add(_ error: any Error, under path: String) {
    if let error = error as? SpikelineError {
      var located = path.isEmpty ? error : error.underField(path)
      if located.file == nil { located.file = file }
      errors.append(located)
    } else if let group = error as? SpikelineErrors {
      for item in group.errors { add(item, under: path) }
    } else {
      add(path, "\(error)")
    }
  }
}

/// A position in a JSON document: reads typed values and reports problems with their JSON path.
struct JSONCursor {
  let value: JSONValue?
  let path: String
  let diagnostics: Diagnostics

  var isPresent: Bool { value != nil && value != .null }

  subscript(key: String) -> JSONCursor {
    let child: JSONValue?
    if case .object(let dictionary)? = value { child = dictionary[key] } else { child = nil }
    return JSONCursor(value: child, path: path.isEmpty ? key : path + "." + key, diagnostics: diagnostics)
  }

  func error(_ message: String) { diagnostics.add(path, message) }

  static func typeName(_ value: JSONValue?) -> String {
    switch value {
    case nil, .null?: return "nothing"
    case .bool?: return "a boolean"
    case .number?: return "a number"
    case .string?: return "a string"
    case .array?: return "an array"
    case .object?: return "an object"
    }
  }

  /// Unknown keys of one object reported one by one (the rest are counted).
  static let unknownKeysReported = 20

  /// True if this is an object; reports unknown keys (with the known ones) and missing required keys.
  @discardableResult
  func object(known: [String], required: [String] = []) -> Bool {
    guard case .object(let dictionary)? = value else {
      error("expected an object, found \(Self.typeName(value))")
      return false
    }
    // Report the first few unknown keys in full; a flood of them (200,000 keys) gets one line more.
    let unknown = dictionary.keys.filter { !known.contains($0) }
    for key in unknown.sorted().prefix(Self.unknownKeysReported) {
      let hint = closestMatch(to: key, among: known).map { " (did you mean '\($0)'?)" } ?? ""
      diagnostics.add(path.isEmpty ? key : path + "." + key, "unknown field\(hint); known fields: \(known.joined(separator: ", "))")
    }
    if unknown.count > Self.unknownKeysReported {
      diagnostics.add(path, "has \(unknown.count - Self.unknownKeysReported) more unknown fields")
    }
    for key in required where dictionary[key] == nil || dictionary[key] == .null {
      diagnostics.add(path.isEmpty ? key : path + "." + key, "is required")
    }
    return true
  }

  /// The elements of an array.
  func array(required: Bool = false) -> [JSONCursor]? {
    guard let value, value != .null else {
      if required { error("is required") }
      return nil
    }
    guard case .array(let elements) = value else {
      error("expected an array, found \(Self.typeName(value))")
      return nil
    }
    return elements.enumerated().map { JSONCursor(value: $1, path: "\(path)[\($0)]", diagnostics: diagnostics) }
  }

  func double(required: Bool = false, _ check: ((Double) -> String?)? = nil) -> Double? {
    guard let value, value != .null else {
      if required { error("is required") }
      return nil
    }
    guard case .number(let number) = value else {
      error("expected a number, found \(Self.typeName(value))")
      return nil
    }
    if let check, let problem = check(number) { error(problem + " (got \(number))"); return nil }
    return number
  }

  func int(required: Bool = false, in range: ClosedRange<Int>? = nil) -> Int? {
    guard let number = double(required: required) else { return nil }
    guard number == number.rounded(), abs(number) < 9.0e15 else {
      error("expected a whole number, found \(number)")
      return nil
    }
    let whole = Int(number)
    if let range, !range.contains(whole) {
      error("must be in \(range.lowerBound)...\(range.upperBound) (got \(whole))")
      return nil
    }
    return whole
  }

  func string(required: Bool = false, allowed: [String]? = nil) -> String? {
    guard let value, value != .null else {
      if required { error("is required") }
      return nil
    }
    guard case .string(let text) = value else {
      error("expected a string, found \(Self.typeName(value))")
      return nil
    }
    if let allowed, !allowed.contains(text) {
      error("unknown value '\(text)' (known: \(allowed.joined(separator: ", ")))")
      return nil
    }
    return text
  }

  func bool(required: Bool = false) -> Bool? {
    guard let value, value != .null else {
      if required { error("is required") }
      return nil
    }
    guard case .bool(let flag) = value else {
      error("expected true or false, found \(Self.typeName(value))")
      return nil
    }
    return flag
  }

  /// An array of numbers.
  func doubles(required: Bool = false) -> [Double]? {
    guard let elements = array(required: required) else { return nil }
    var result: [Double] = []
    result.reserveCapacity(elements.count)
    for element in elements {
      guard let number = element.double(required: true) else { return nil }
      result.append(number)
    }
    return result
  }

  /// The single key of a one-key object used as a tagged choice, e.g. `{"uniform": [a, b]}`.
  var singleKey: String? {
    if case .object(let dictionary)? = value, dictionary.count == 1 { return dictionary.keys.first }
    return nil
  }
}
