import * as english from '@orama/stemmers/english';
import * as french from '@orama/stemmers/french';
import * as german from '@orama/stemmers/german';
import * as italian from '@orama/stemmers/italian';
import * as portuguese from '@orama/stemmers/portuguese';
import * as spanish from '@orama/stemmers/spanish';
import { stopwords as deStopwords } from '@orama/stopwords/german';
import { stopwords as enStopwords } from '@orama/stopwords/english';
import { stopwords as esStopwords } from '@orama/stopwords/spanish';
import { stopwords as frStopwords } from '@orama/stopwords/french';
import { stopwords as itStopwords } from '@orama/stopwords/italian';
import { stopwords as ptStopwords } from '@orama/stopwords/portuguese';

/** The guest app's languages; anything else is answered in English. */
export const LOCAL_LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it'] as const;
export type LocalLanguage = (typeof LOCAL_LANGUAGES)[number];

/** Snowball stemmers (Orama's build) and stop words per language. */
export const analyzers: Record<LocalLanguage, { stemmer: (word: string) => string; language: string; stopWords: string[] }> = {
  en: { ...english, stopWords: enStopwords },
  de: { ...german, stopWords: deStopwords },
  fr: { ...french, stopWords: frStopwords },
  es: { ...spanish, stopWords: esStopwords },
  pt: { ...portuguese, stopWords: ptStopwords },
  it: { ...italian, stopWords: itStopwords },
};

export const localLanguageOf = (tag: string): LocalLanguage =>
  LOCAL_LANGUAGES.find((language) => language === tag.trim().toLowerCase().split(/[-_]/)[0]) ?? 'en';

/** Lower case without accents, so "Frühstück", "fruhstuck" and "FRÜHSTÜCK" compare equal. */
export const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Folded words: letters and digits, apostrophes and hyphens split words ("WLAN-Passwort", "l'hôtel"). */
export const words = (text: string) => fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
