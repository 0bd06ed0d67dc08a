/** The languages the guest app and guest messages speak (ISO 639-1). */
export const GUEST_LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it'] as const;

export type GuestLanguage = (typeof GUEST_LANGUAGES)[number];

/** `de-CH` or `DE` to `de`; a language we do not speak to undefined. */
export function guestLanguageOf(tag: string | null | undefined): GuestLanguage | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return GUEST_LANGUAGES.find((language) => language === primary);
}
