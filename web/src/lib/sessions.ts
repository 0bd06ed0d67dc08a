import { useSyncExternalStore } from 'react';

/**
 * A token kept in sessionStorage: it survives a reload of the tab but not closing it, and is never
 * put in a URL. Subscribers re-render when it changes (sign-in, sign-out, a 401).
 */
function sessionSlot<T>(key: string) {
  const listeners = new Set<() => void>();
  let cachedRaw: string | null = null;
  let cached: T | null = null;
  const read = (): T | null => {
    const raw = sessionStorage.getItem(key);
    if (raw !== cachedRaw) {
      cachedRaw = raw;
      try {
        cached = raw ? (JSON.parse(raw) as T) : null;
      } catch {
        cached = null;
      }
    }
    return cached;
  };
  const notify = () => listeners.forEach((listener) => listener());
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  return {
    get: read,
    set(value: T) {
      sessionStorage.setItem(key, JSON.stringify(value));
      notify();
    },
    clear() {
      sessionStorage.removeItem(key);
      notify();
    },
    use: () => useSyncExternalStore(subscribe, read),
  };
}

export const guestSession = sessionSlot<{ token: string; expiresAt: string }>('innkeeper.guest');
export const staffSession = sessionSlot<{ token: string; expiresAt: string }>('innkeeper.staff');
/** The property a staff user works on, so a reload keeps it. */
export const staffProperty = sessionSlot<string>('innkeeper.staff.property');
