import { createContext, useContext } from 'react';
import type { components } from '../../api/schema';
import { de } from './de';
import { en, type GuestMessages } from './en';
import { es } from './es';
import { fr } from './fr';
import { it } from './it';
import { GUEST_LANGUAGES, guestLanguageOf, type GuestLanguage } from './languages';
import { pt } from './pt';

export type { GuestMessages } from './en';
export { GUEST_LANGUAGES, guestLanguageOf, type GuestLanguage } from './languages';

export type PublicProperty = components['schemas']['PublicProperty'];

/** One catalogue per language; a language without one is a type error. */
export const catalogues: Record<GuestLanguage, GuestMessages> = { en, de, fr, es, pt, it };

/** The first of the browser's languages (navigator.languages, in the user's order) that we speak. */
export function browserLanguage(): GuestLanguage | undefined {
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return preferred.map(guestLanguageOf).find((language) => language !== undefined);
}

/**
 * The guest's language: the one they chose with the switcher, else the reservation's (from the
 * PMS, or chosen on another device), else the browser's, else the hotel's default.
 */
export function chooseLanguage(sources: { chosen?: string | null | undefined; reservation?: string | null | undefined; defaultLanguage?: string | null | undefined }): GuestLanguage {
  return guestLanguageOf(sources.chosen) ?? guestLanguageOf(sources.reservation) ?? browserLanguage() ?? guestLanguageOf(sources.defaultLanguage) ?? 'en';
}

export interface GuestContextValue {
  m: GuestMessages;
  choose: (language: GuestLanguage) => void;
  /** The hotel, once its public profile has loaded (by the link's code or the stay's). */
  property: PublicProperty | undefined;
}

export const GuestContext = createContext<GuestContextValue>({ m: en, choose: () => undefined, property: undefined });

/** The guest's strings (and the hotel) inside the guest area. */
export const useGuest = () => useContext(GuestContext);
