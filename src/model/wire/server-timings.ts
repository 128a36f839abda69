// The server's own measurement of how fast it wrote a reply, where it reports one on the wire:
// llama.cpp's `timings.predicted_per_second` (in the last chat chunk, and next to `response` in
// Responses' `response.completed`), Ollama's native `eval_count` / `eval_duration` (nanoseconds).
// Preferred over a rate from the arrival times of deltas, which says nothing for a short reply or a
// tool call the server holds back and sends at once. Pure.

/** Output tokens per second as the server measured them; undefined when it reports none. */
export function serverTokensPerSecond(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const timings = record.timings;
  if (typeof timings === 'object' && timings !== null) {
    const rate = (timings as Record<string, unknown>).predicted_per_second;
    if (isRate(rate)) return rate;
  }
  const count = record.eval_count;
  const nanoseconds = record.eval_duration;
  if (typeof count === 'number' && count > 0 && typeof nanoseconds === 'number' && nanoseconds > 0) {
    const rate = count / (nanoseconds / 1e9);
    if (isRate(rate)) return rate;
  }
  return undefined;
}

function isRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
