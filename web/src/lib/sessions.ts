import { useSyncExternalStore } from 'react';

/**
 * A value kept in browser storage; subscribers re-render when it changes (sign-in, sign-out, a
 * 401, a language chosen).
 */
function storageSlot<T>(storage: () => Storage, key: string) {
  const listeners = new Set<() => void>();
  let cachedRaw: string | null = null;
  let cached: T | null = null;
  const read = (): T | null => {
    const raw = storage().getItem(key);
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
      storage().setItem(key, JSON.stringify(value));
      notify();
    },
    clear() {
      storage().removeItem(key);
      notify();
    },
    use: () => useSyncExternalStore(subscribe, read),
  };
}

/**
 * Tokens live in sessionStorage: they survive a reload of the tab but not closing it, and are
 * never put in a URL.
 */
const sessionSlot = <T,>(key: string) => storageSlot<T>(() => sessionStorage, key);
/** Preferences outlive the tab: a guest who chose a language finds it again next time. */
const preferenceSlot = <T,>(key: string) => storageSlot<T>(() => localStorage, key);

export const guestSession = sessionSlot<{ token: string; expiresAt: string }>('innkeeper.guest');
export const staffSession = sessionSlot<{ token: string; expiresAt: string }>('innkeeper.staff');
/** The property a staff user works on, so a reload keeps it. */
export const staffProperty = sessionSlot<string>('innkeeper.staff.property');
/** The language the guest chose with the switcher, if they did. */
export const guestLanguageChoice = preferenceSlot<string>('innkeeper.guest.language');
/** The hotel of the guest's last link or stay, so the start page can greet them by its name. */
export const guestPropertyCode = preferenceSlot<string>('innkeeper.guest.property');
