/// Levenshtein distance between two strings, for "did you mean" suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a), b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + [Int](repeating: 0, count: b.count)
    for j in 1...b.count {
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.count]
}

/// The candidate closest to `text` if it is within `limit` edits.
public func closestMatch(to text: String, among candidates: [String], limit: Int = 3) -> String? {
  guard let best = candidates.min(by: { editDistance(text, $0) < editDistance(text, $1) }) else { return nil }
  return editDistance(text, best) <= limit ? best : nil
}
