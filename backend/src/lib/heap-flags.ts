/**
 * Node flags for the API and worker processes (start.ts passes them; the Dockerfile sets the same
 * in NODE_OPTIONS). V8 lets the young generation grow to 64 MB a semi-space, and module loading at
 * start alone grows it that far: 128 MB of an API's 200 MB resident at start was young space
 * holding 0 MB of live objects. At 16 MB a semi-space the API's peak RSS under the stay-read load
 * was 181–197 MB against 248–253 MB, with the same throughput within the run-to-run noise (median
 * 4,423 against 4,311 req/s, three 5 s runs each, alternating; README, "Benchmarks").
 */
export const HEAP_FLAGS = ['--max-semi-space-size=16'];
