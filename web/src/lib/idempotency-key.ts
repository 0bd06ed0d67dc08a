import { useRef } from 'react';

/**
 * A fresh Idempotency-Key. Not crypto.randomUUID: that exists only in secure contexts, and a
 * hotel may serve the app over plain http on its own network.
 */
export function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * One Idempotency-Key per attempt meant: the same body sent again (after a lost answer) keeps its
 * key, so it happens once; another body gets a new one, and so does any body after `forget`.
 */
export function useAttemptKey<Body>() {
  const attempt = useRef<{ body: string; key: string }>(undefined);
  return {
    keyFor(body: Body): string {
      const text = JSON.stringify(body);
      if (attempt.current?.body !== text) attempt.current = { body: text, key: newKey() };
      return attempt.current.key;
    },
    /** The attempt is settled (done, or refused for good): the next one is a new attempt. */
    forget(): void {
      attempt.current = undefined;
    },
  };
}
