import Foundation

/// The one way Spikeline writes JSON: sorted keys (byte-identical for identical values),
/// pretty-printed, non-finite numbers as strings instead of a crash.
public enum JSONOutput {
  /// An encoder with sorted keys and pretty printing.
  public static func encoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  /// The JSON text of `value`.
  public static func string<T: Encodable>(_ value: T) throws -> String {
    let data = try encoder().encode(value)
    return String(decoding: data, as: UTF8.self)
  }

  /// Fields that measure this machine's wall time, which differ between otherwise identical runs.
  public static let timingFields: Set<String> = ["wallSeconds", "wallSecondsStd", "wallTimeSpeedup", "seconds", "samplesPerSecond", "steadySamplesPerSecond"]

  /// `value` as JSON without its wall-time fields (`timingFields`, at any depth), so that two runs of
  /// the same work with the same seed give the same bytes.
  public static func deterministicString<T: Encodable>(_ value: T) throws -> String {
    let tree = try JSONDecoder().decode(JSONValue.self, from: encoder().encode(value))
    return try string(tree.removingFields(timingFields))
  }
}

/// A dynamically shaped JSON value, for reports assembled from parts.
public enum JSONValue: Codable, Equatable, Sendable {
  /// JSON's null.
  case null
  /// true or false.
  case bool(Bool)
  /// A number (JSON has one number type).
  case number(Double)
  /// A string.
  case string(String)
  /// An array.
  case array([JSONValue])
  /// An object (key order is not kept).
  case object([String: JSONValue])

  /// Decodes any JSON value.
  public init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() { self = .null }
    else if let value = try? container.decode(Bool.self) { self = .bool(value) }
    else if let value = try? container.decode(Double.self) { self = .number(value) }
    else if let value = try? container.decode(String.self) { self = .string(value) }
    else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
    else { self = .object(try container.decode([String: JSONValue].self)) }
  }

  /// Encodes the value; whole numbers below 9·10¹⁵ as integers.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    switch self {
    case .null: try container.encodeNil()
    case .bool(let value): try container.encode(value)
    case .number(let value):
      if value.isFinite, value == value.rounded(), abs(value) < 9.0e15 {
        try container.encode(Int64(value))
      } else {
        try container.encode(value)
      }
    case .string(let value): try container.encode(value)
    case .array(let value): try container.encode(value)
    case .object(let value): try container.encode(value)
    }
  }

  /// The value with every object member named in `names` removed, at any depth.
  public func removingFields(_ names: Set<String>) -> JSONValue {
    switch self {
    case .object(let members):
      return .object(members.filter { !names.contains($0.key) }.mapValues { $0.removingFields(names) })
    case .array(let elements): return .array(elements.map { $0.removingFields(names) })
    default: return self
    }
  }

  /// The member `key` of an object; nil for a missing key or a value that is not an object.
  public subscript(key: String) -> JSONValue? {
    if case .object(let dictionary) = self { return dictionary[key] }
    return nil
  }
}
