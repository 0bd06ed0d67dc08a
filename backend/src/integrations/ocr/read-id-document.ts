import { AppError } from '../../lib/errors.js';
import type { PortByKind } from '../registry.js';
import type { IdDocumentKind, IdExtraction, IdImage, OcrFallbackReason } from './ocr.port.js';
import { ocrTimeout, untilAborted } from './vendor-call.js';

/**
 * Failures another provider may do better with. A refused document is not among them: the guest
 * retakes the photo, and a second vendor is not shown an ID the first could not read.
 */
const FALLBACK_REASONS: Partial<Record<string, OcrFallbackReason>> = {
  integration_timeout: 'timeout',
  integration_unavailable: 'unavailable',
  integration_misconfigured: 'misconfigured',
};

export interface OcrIntegrations {
  resolve<K extends 'ocr' | 'ocr-fallback'>(kind: K, propertyId: string): Promise<PortByKind[K]>;
}

/**
 * Reads a guest's ID document with the property's OCR provider, and, when the property names a
 * fallback (`ocr-fallback`), with that one instead once the first has failed, cannot be built, or
 * has not answered within the fallback's `switchAfterMs` (the first is then aborted). An extraction
 * the fallback made says so (`fallback.reason`, warning `fallback_used`), so it goes to the staff
 * review queue with the provider that read it. The caller's signal ends either read.
 */
export async function readIdDocument(
  deps: { integrations: OcrIntegrations },
  propertyId: string,
  input: { images: IdImage[]; kind: IdDocumentKind; today: string },
  options: { signal?: AbortSignal } = {},
): Promise<IdExtraction> {
  const [primary, second] = await Promise.allSettled([deps.integrations.resolve('ocr', propertyId), deps.integrations.resolve('ocr-fallback', propertyId)]);
  // A fallback that cannot be built leaves the property's own provider alone: its health shows on the integrations page.
  const fallback = second.status === 'fulfilled' ? second.value.fallback : undefined;
  if (!fallback) {
    if (primary.status === 'rejected') throw primary.reason;
    return primary.value.extract(input, options);
  }

  const switchNow = new AbortController();
  const timer = setTimeout(() => switchNow.abort(ocrTimeout()), fallback.switchAfterMs);
  const signal = options.signal ? AbortSignal.any([options.signal, switchNow.signal]) : switchNow.signal;
  let reason: OcrFallbackReason | undefined;
  try {
    if (primary.status === 'rejected') throw primary.reason;
    return await untilAborted(primary.value.extract(input, { signal }), signal);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    reason = switchNow.signal.aborted ? 'timeout' : error instanceof AppError ? FALLBACK_REASONS[error.code] : undefined;
    if (!reason) throw error;
  } finally {
    clearTimeout(timer);
  }
  const extraction = await fallback.reader.extract(input, options);
  return { ...extraction, warnings: [...extraction.warnings, { code: 'fallback_used' }], fallback: { reason } };
}
