import Foundation

/// Renders `--help` in the layout of swift-argument-parser: OVERVIEW, USAGE, ARGUMENTS, OPTIONS,
/// SUBCOMMANDS; labels indented 2, help text at column 26, wrapped to the terminal width.
enum HelpFormatter {
  static var width: Int {
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(columns), value >= 40 { return value }
    return 80
  }

  static func usage(_ spec: CommandSpec, path: String) -> String {
    var parts = [path]
    for option in spec.options {
      let label = option.isFlag ? option.name : "\(option.name) \(option.valueName ?? "")"
      parts.append(option.isRequired ? label : "[\(label)]")
    }
    for argument in spec.arguments {
      let label = "<\(argument.name)>" + (argument.isVariadic ? " ..." : "")
      parts.append(argument.isOptional ? "[\(label)]" : label)
    }
    return parts.joined(separator: " ")
  }

  static func help(_ spec: CommandSpec, path: String, subcommands: [(String, String)] = [], runsItself: Bool = false) -> String {
    var lines: [String] = []
    lines.append("OVERVIEW: \(spec.abstract)")
    if !spec.discussion.isEmpty {
      lines.append("")
      lines += wrap(spec.discussion, indent: 0)
    }
    lines.append("")
    lines.append("USAGE: " + (subcommands.isEmpty || runsItself ? usage(spec, path: path) : "\(path) <subcommand>"))
    if runsItself { lines.append("       \(path) <subcommand>") }
    if !spec.arguments.isEmpty {
      lines.append("")
      lines.append("ARGUMENTS:")
      for argument in spec.arguments { lines += entry("<\(argument.name)>", argument.help) }
    }
    lines.append("")
    lines.append("OPTIONS:")
    for option in spec.options {
      var label = option.short.map { "\($0), " } ?? ""
      label += option.name
      if let value = option.valueName { label += " \(value)" }
      var text = option.help
      if let values = option.allowedValues {
        text += " (values: \(values.joined(separator: ", "))" + (option.defaultValue.map { "; default: \($0))" } ?? ")")
      } else if let value = option.defaultValue {
        text += " (default: \(value))"
      } else if option.isRequired {
        text += " (required)"
      }
      lines += entry(label, text)
    }
    lines += entry("-h, --help", "Show help information.")
    if !subcommands.isEmpty {
      lines.append("")
      lines.append("SUBCOMMANDS:")
      for (name, abstract) in subcommands { lines += entry(name, abstract) }
      lines.append("")
      lines.append("  See '\(path) help <subcommand>' for detailed help.")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// "  label" then the help at column 26 (on the next line if the label is long).
  static func entry(_ label: String, _ text: String) -> [String] {
    let column = 26
    let wrapped = wrap(text, indent: column)
    let head = "  " + label
    if head.count < column - 1, let first = wrapped.first {
      return [head.padding(toLength: column, withPad: " ", startingAt: 0) + first.dropFirst(column)] + wrapped.dropFirst()
    }
    return [head] + wrapped
  }

  static func wrap(_ text: String, indent: Int) -> [String] {
    let limit = max(width - indent, 20)
    var lines: [String] = []
    for paragraph in text.components(separatedBy: "\n") {
      var line = ""
      for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
        if !line.isEmpty && line.count + 1 + word.count > limit {
          lines.append(String(repeating: " ", count: indent) + line)
          line = String(word)
        } else {
          line += (line.isEmpty ? "" : " ") + word
        }
      }
      lines.append(String(repeating: " ", count: indent) + line)
    }
    return lines
  }
}
