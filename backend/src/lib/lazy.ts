/**
 * `load`'s value, made on the first call and shared by every later one; a failed load is tried
 * again on the next call. For vendor SDKs that take a few hundred milliseconds to import: every
 * API and worker process would pay for them at start, while a property uses one provider of a
 * kind at most (README, "Start times").
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= load().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}
