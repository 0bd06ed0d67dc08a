import type { GuestLanguage } from '../../lib/languages.js';

/**
 * The category's label in `language`, else in the property's default language, else its base name.
 * `labels` is the stored jsonb (`{ "de": "Handtücher" }`); a value that is not a non-blank string counts as not given.
 */
export function categoryLabel(category: { name: string; labels: unknown }, language: GuestLanguage, defaultLanguage: GuestLanguage): string {
  const labels = (category.labels ?? {}) as Partial<Record<GuestLanguage, unknown>>;
  const given = (wanted: GuestLanguage) => {
    const label = labels[wanted];
    return typeof label === 'string' && label.trim() ? label : undefined;
  };
  return given(language) ?? given(defaultLanguage) ?? category.name;
}
