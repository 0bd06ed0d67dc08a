import type { HealthCheck } from '../provider.js';

/** What the guest says they are holding up to the camera. */
export const idDocumentKinds = ['passport', 'id_card', 'driving_licence'] as const;
export type IdDocumentKind = (typeof idDocumentKinds)[number];

/**
 * The fields every provider reports, normalised: names in capitals with single spaces (as an MRZ
 * spells them, `<` read as a space), dates `YYYY-MM-DD`, countries ISO 3166-1 alpha-3 (`D` is `DEU`),
 * sex `F`, `M` or `X`.
 */
export const idFieldNames = ['givenNames', 'surname', 'documentNumber', 'nationality', 'issuingCountry', 'dateOfBirth', 'dateOfExpiry', 'sex'] as const;
export type IdFieldName = (typeof idFieldNames)[number];

export interface IdField {
  value: string;
  /** 0–1, whatever scale the vendor uses (Textract and tesseract say 0–100). */
  confidence: number;
  /** Where the value was read: the machine-readable zone or the printed (visual) zone. */
  source: 'mrz' | 'visual';
}

export const idWarningCodes = [
  /** The expiry date is before today in the property's time zone. */
  'expired_document',
  /** A check digit of the MRZ does not match: a misread, or a forged or damaged document. */
  'mrz_check_digit_failed',
  /** A field reads differently in the MRZ and in the printed zone. */
  'mrz_visual_mismatch',
  /** A field was read with a confidence below the threshold (`LOW_CONFIDENCE`). */
  'low_confidence',
  /** A passport or ID card whose MRZ could not be read. */
  'mrz_missing',
  /** The property's OCR provider failed or was too slow, and its fallback provider read the document. */
  'fallback_used',
] as const;
export type IdWarningCode = (typeof idWarningCodes)[number];

export interface IdWarning {
  code: IdWarningCode;
  /** The field concerned, when there is one. */
  field?: IdFieldName;
}

export interface IdMrz {
  format: 'TD1' | 'TD2' | 'TD3';
  lines: string[];
  /** Every check digit matches. */
  valid: boolean;
}

export interface IdExtraction {
  /** The provider that read it (`textract`, `azure`, `google-vision`, `local`, `mock`). */
  provider: string;
  kind: IdDocumentKind;
  fields: Partial<Record<IdFieldName, IdField>>;
  mrz?: IdMrz;
  warnings: IdWarning[];
  /** Set when the fallback provider (`provider`) read it: why the property's own provider did not. */
  fallback?: { reason: OcrFallbackReason };
}

/** Why the fallback provider was asked: the first one was slower than allowed, unreachable, or not set up. */
export type OcrFallbackReason = 'timeout' | 'unavailable' | 'misconfigured';

export interface IdImage {
  bytes: Uint8Array;
  mimeType: 'image/jpeg' | 'image/png' | 'application/pdf';
}

/** Below this a field is flagged `low_confidence` and the document goes to the staff review queue. */
export const LOW_CONFIDENCE = 0.8;

/**
 * Reads an identity document. The images (front, and back where it has one) are held in memory for
 * the call only; nothing is stored by a provider. Throws an `AppError` when the vendor refuses the
 * document (`upstream_rejected`, with a message a guest can act on) or cannot be reached (`integration_unavailable`, `integration_timeout`).
 */
export interface OcrPort extends HealthCheck {
  /** When `options.signal` aborts, the call stops at once and rejects with the signal's reason. */
  extract(input: { images: IdImage[]; kind: IdDocumentKind; today: string }, options?: { signal?: AbortSignal }): Promise<IdExtraction>;
}
