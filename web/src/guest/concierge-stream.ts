import { useSyncExternalStore } from 'react';

/**
 * The concierge's answers while they stream: the `concierge.delta` pieces by message id, shown
 * until the stored message (announced by `concierge.message`, same id) is in the conversation.
 * Deltas are transient events, so this lives outside the query cache, which holds what the API stores.
 */
let streaming: ReadonlyMap<string, string> = new Map();
const listeners = new Set<() => void>();

function emit(next: ReadonlyMap<string, string>) {
  streaming = next;
  for (const listener of listeners) listener();
}

export function appendDelta(data: unknown) {
  const { messageId, delta } = (data ?? {}) as { messageId?: unknown; delta?: unknown };
  if (typeof messageId !== 'string' || typeof delta !== 'string') return;
  emit(new Map(streaming).set(messageId, (streaming.get(messageId) ?? '') + delta));
}

/** Drops the streamed text of answers that are now stored. */
export function settleStreamed(storedIds: Iterable<string>) {
  const next = new Map(streaming);
  for (const id of storedIds) next.delete(id);
  if (next.size !== streaming.size) emit(next);
}

export function useStreamedAnswers(): ReadonlyMap<string, string> {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => streaming,
  );
}
