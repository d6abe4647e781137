/// 64 bytes of nothing: placed between atomics that different threads poll, so that polling one
/// never steals the cache line of another (`TickWorkers`, `WorkerPool`).
struct CacheLinePadding {
  var words: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
}
