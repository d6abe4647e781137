import SpikelineSupport

/// One option of a command.
struct OptionSpec: Sendable {
  /// Long name with dashes, e.g. `--out`.
  var name: String
  /// Optional one-letter alias, e.g. `-o`.
  var short: String?
  /// Placeholder of the value (`<dir>`), or nil for a flag.
  var valueName: String?
  var help: String
  /// Shown as `(default: …)`.
  var defaultValue: String?
  /// Accepted values, shown as `(values: …)` and checked.
  var allowedValues: [String]?
  /// May be given several times.
  var repeatable: Bool
  /// Must be given (shown without brackets in the usage line).
  var isRequired = false

  static func flag(_ name: String, short: String? = nil, _ help: String) -> OptionSpec {
    OptionSpec(name: name, short: short, valueName: nil, help: help, defaultValue: nil, allowedValues: nil, repeatable: false)
  }

  static func value(_ name: String, _ valueName: String, short: String? = nil, _ help: String,
                           default defaultValue: String? = nil, values: [String]? = nil,
                           repeatable: Bool = false, required: Bool = false) -> OptionSpec {
    OptionSpec(name: name, short: short, valueName: valueName, help: help, defaultValue: defaultValue,
               allowedValues: values, repeatable: repeatable, isRequired: required)
  }

  var isFlag: Bool { valueName == nil }
}

/// One positional argument of a command.
struct ArgumentSpec: Sendable {
  var name: String
  var help: String
  var isOptional: Bool
  var isVariadic: Bool
  init(_ name: String, _ help: String, optional: Bool = false, variadic: Bool = false) {
    self.name = name; self.help = help; isOptional = optional; isVariadic = variadic
  }
}

/// The shape of a command: what `--help` prints and what the parser accepts.
struct CommandSpec: Sendable {
  var name: String
  var abstract: String
  var discussion: String
  var arguments: [ArgumentSpec]
  var options: [OptionSpec]
  init(name: String, abstract: String, discussion: String = "", arguments: [ArgumentSpec] = [],
              options: [OptionSpec] = []) {
    self.name = name; self.abstract = abstract; self.discussion = discussion
    self.arguments = arguments; self.options = options
  }
}

import Foundation

extension CommandSpec {
  /// Parses `arguments` (without the command name).
  /// - Throws: a usage `SpikelineError` naming the offending argument.
  func parse(_ arguments: [String]) throws -> ParsedArguments {
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
    if let missing = options.first(where: { $0.isRequired && parsed.values[$0.name] == nil }) {
      throw SpikelineError.usage("Missing required option '\(missing.name) \(missing.valueName ?? "")'")
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
