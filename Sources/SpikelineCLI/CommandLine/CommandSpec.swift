import SpikelineSupport

/// One option of a command.
public struct OptionSpec: Sendable {
  /// Long name with dashes, e.g. `--out`.
  public var name: String
  /// Optional one-letter alias, e.g. `-o`.
  public var short: String?
  /// Placeholder of the value (`<dir>`), or nil for a flag.
  public var valueName: String?
  public var help: String
  /// Shown as `(default: …)`.
  public var defaultValue: String?
  /// Accepted values, shown as `(values: …)` and checked.
  public var allowedValues: [String]?
  /// May be given several times.
  public var repeatable: Bool

  public static func flag(_ name: String, short: String? = nil, _ help: String) -> OptionSpec {
    OptionSpec(name: name, short: short, valueName: nil, help: help, defaultValue: nil, allowedValues: nil, repeatable: false)
  }

  public static func value(_ name: String, _ valueName: String, short: String? = nil, _ help: String,
                           default defaultValue: String? = nil, values: [String]? = nil,
                           repeatable: Bool = false) -> OptionSpec {
    OptionSpec(name: name, short: short, valueName: valueName, help: help, defaultValue: defaultValue,
               allowedValues: values, repeatable: repeatable)
  }

  var isFlag: Bool { valueName == nil }
}

/// One positional argument of a command.
public struct ArgumentSpec: Sendable {
  public var name: String
  public var help: String
  public var isOptional: Bool
  public var isVariadic: Bool
  public init(_ name: String, _ help: String, optional: Bool = false, variadic: Bool = false) {
    self.name = name; self.help = help; isOptional = optional; isVariadic = variadic
  }
}

/// The shape of a command: what `--help` prints and what the parser accepts.
public struct CommandSpec: Sendable {
  public var name: String
  public var abstract: String
  public var discussion: String
  public var arguments: [ArgumentSpec]
  public var options: [OptionSpec]
  public init(name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
              options: [OptionSpec] = []) {
    self.name = name; self.abstract = abstract; self.discussion = discussion
    self.arguments = arguments; self.options = options
  }
}

import Foundation

extension CommandSpec {
  /// Parses `arguments` (without the command name).
  /// - Throws: a usage `SpikelineError` naming the offending argument.
  public func parse(_ arguments: [String]) throws -> ParsedArguments {
    var parsed = ParsedArguments()
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if onlyPositionals || argument == "-" || !argument.hasPrefix("-") || Double(argument) != nil && !argument.hasPrefix("--") {
        parsed.positionals.append(argument)
        continue
      }
      if argument == "--" { onlyPositionals = true; continue }
      var name = argument
      var inlineValue: String? = nil
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      guard let option = options.first(where: { $0.name == name || $0.short == name }) else {
        var message = "Unknown option '\(name)'"
        if let suggestion = suggestion(for: name) { message += ". Did you mean '\(suggestion)'?" }
        throw SpikelineError.usage(message)
      }
      if option.isFlag {
        if inlineValue != nil { throw SpikelineError.usage("\(option.name) does not take a value") }
        parsed.flags.insert(option.name)
        continue
      }
      let value: String
      if let inlineValue {
        value = inlineValue
      } else {
        guard index < arguments.count else {
          throw SpikelineError.usage("Missing value for '\(option.name) \(option.valueName ?? "")'")
        }
        value = arguments[index]
        index += 1
      }
      if let allowed = option.allowedValues, !allowed.contains(value) {
        throw SpikelineError.usage("\(option.name) must be one of \(allowed.joined(separator: ", ")) (got '\(value)')")
      }
      if !option.repeatable, parsed.values[option.name] != nil {
        throw SpikelineError.usage("\(option.name) is given more than once")
      }
      parsed.values[option.name, default: []].append(value)
    }
    let required = self.arguments.filter { !$0.isOptional }
    if parsed.positionals.count < required.count {
      throw SpikelineError.usage("Missing expected argument '<\(required[parsed.positionals.count].name)>'")
    }
    if !self.arguments.contains(where: \.isVariadic) && parsed.positionals.count > self.arguments.count {
      throw SpikelineError.usage("Unexpected argument '\(parsed.positionals[self.arguments.count])'")
    }
    return parsed
  }

  /// The closest option name at edit distance < 4, for "Did you mean".
  func suggestion(for name: String) -> String? {
    let candidates = options.map(\.name) + ["--help"]
    let scored = candidates.map { ($0, editDistance(name, $0)) }.filter { $0.1 < 4 }
    return scored.min { $0.1 < $1.1 }?.0
  }
}
