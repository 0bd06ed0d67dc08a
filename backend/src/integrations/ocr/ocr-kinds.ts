import { z } from 'zod';
import { AppError } from '../../lib/errors.js';
import { noneProvider } from '../none.provider.js';
import type { HealthCheck, ProviderDefinition } from '../provider.js';
import type { OcrPort } from './ocr.port.js';

/**
 * The two integration kinds the OCR providers serve. `ocr` is the property's reader (`none`: no ID
 * scan step). `ocr-fallback` is a second reader, with its own settings and secrets, that takes over
 * when the first fails or is slower than `switchAfterMs` (read-id-document.ts applies it). Being a
 * kind of its own, it is saved, described, encrypted and tested like any other integration, with
 * no table of its own; every OCR provider is offered as a fallback without being listed twice.
 */

/** `ocr` switched off: nothing is read, and a caller that asks anyway is told so. */
export const noOcrProvider = noneProvider<OcrPort>('ocr', {
  extract: async () => {
    throw new AppError('not_found', 'ID scanning is not offered at this property.');
  },
});

/** What the `ocr-fallback` kind gives: the reader to ask when the property's own fails, or nothing (`none`). */
export interface OcrFallbackPort extends HealthCheck {
  fallback?: {
    /** Provider id, for the extraction's record of who read it. */
    provider: string;
    reader: OcrPort;
    /** How long the property's own OCR provider gets before this one reads the document instead. */
    switchAfterMs: number;
  };
}

const switchAfterMs = z
  .number()
  .int()
  .min(1_000)
  .max(60_000)
  .default(8_000)
  .meta({ title: 'Switch after (ms)' })
  .describe("How long the property's own OCR provider gets, in milliseconds, before this one reads the document instead.");

/** An OCR provider offered as the fallback: its own settings plus `switchAfterMs`. */
function asFallback(definition: ProviderDefinition<OcrPort>): ProviderDefinition<OcrFallbackPort> {
  return {
    ...definition,
    kind: 'ocr-fallback',
    configSchema: definition.configSchema.extend({ switchAfterMs }),
    create: (config, deps) => {
      const { switchAfterMs: after, ...own } = config as Record<string, unknown> & { switchAfterMs: number };
      const reader = definition.create(own, deps);
      return { healthCheck: () => reader.healthCheck(), fallback: { provider: definition.id, reader, switchAfterMs: after } };
    },
  };
}

/** The `ocr-fallback` providers: `none` (the default), and every OCR provider but `none`. */
export function ocrFallbackProviders(providers: Record<string, ProviderDefinition<OcrPort>>): Record<string, ProviderDefinition<OcrFallbackPort>> {
  const readers = Object.values(providers).filter((definition) => definition.id !== 'none');
  return Object.fromEntries([noneProvider<OcrFallbackPort>('ocr-fallback', {}), ...readers.map(asFallback)].map((definition) => [definition.id, definition]));
}
