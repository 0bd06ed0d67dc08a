import type { IntegrationKind, ProviderDefinition } from './provider.js';
import { noneProvider } from './none.provider.js';
import type { ConciergePort } from './concierge/concierge.port.js';
import { localConciergeProvider } from './concierge/local/local.provider.js';
import { mockConciergeProvider } from './concierge/mock/mock.provider.js';
import { openAIProvider } from './concierge/openai/openai.provider.js';
import type { EmailMessage, EmailPort } from './email/email.port.js';
import { smtpProvider } from './email/smtp/smtp.provider.js';
import { disabledChannelProvider } from './message-channel.js';
import type { KeysPort } from './keys/keys.port.js';
import { noKeys } from './keys/keys.port.js';
import { alliantsProvider } from './keys/alliants/alliants.provider.js';
import { mockKeysProvider } from './keys/mock/mock.provider.js';
import { openKeyProvider } from './keys/openkey/openkey.provider.js';
import type { OcrPort } from './ocr/ocr.port.js';
import { noOcrProvider, ocrFallbackProviders, type OcrFallbackPort } from './ocr/ocr-kinds.js';
import { azureProvider } from './ocr/azure/azure.provider.js';
import { googleVisionProvider } from './ocr/google-vision/google-vision.provider.js';
import { localOcrProvider } from './ocr/local/local.provider.js';
import { mockOcrProvider } from './ocr/mock/mock.provider.js';
import { textractProvider } from './ocr/textract/textract.provider.js';
import type { PaymentsPort } from './payments/payments.port.js';
import { mockPaymentsProvider } from './payments/mock/mock.provider.js';
import { stripeProvider } from './payments/stripe/stripe.provider.js';
import type { PmsPort } from './pms/pms.port.js';
import { mockPmsProvider } from './pms/mock/mock.provider.js';
import { cloudbedsProvider } from './pms/cloudbeds/cloudbeds.provider.js';
import { mewsProvider } from './pms/mews/mews.provider.js';
import { operaProvider } from './pms/opera/opera.provider.js';
import type { PushMessage, PushPort } from './push/push.port.js';
import { webPushProvider } from './push/webpush/webpush.provider.js';
import type { SmsMessage, SmsPort } from './sms/sms.port.js';
import { twilioProvider } from './sms/twilio/twilio.provider.js';
import type { SpaPort } from './spa/spa.port.js';
import { noSpa } from './spa/spa.port.js';
import { mindbodyProvider } from './spa/mindbody/mindbody.provider.js';
import { mockSpaProvider } from './spa/mock/mock.provider.js';
import { spaBookerProvider } from './spa/spabooker/spabooker.provider.js';

/** The port each kind's providers implement. */
export interface PortByKind {
  pms: PmsPort;
  payments: PaymentsPort;
  keys: KeysPort;
  spa: SpaPort;
  email: EmailPort;
  sms: SmsPort;
  push: PushPort;
  ocr: OcrPort;
  'ocr-fallback': OcrFallbackPort;
  concierge: ConciergePort;
}

export interface KindEntry<K extends IntegrationKind> {
  /** Provider used when neither a saved setting nor the environment names one. */
  defaultProvider: string;
  /** Whether the kind may be switched off (`none`). */
  optional: boolean;
  providers: Record<string, ProviderDefinition<PortByKind[K]>>;
}

export type Registry = { [K in IntegrationKind]: KindEntry<K> };

const byId = <K extends IntegrationKind>(...definitions: Array<ProviderDefinition<PortByKind[K]>>) =>
  Object.fromEntries(definitions.map((definition) => [definition.id, definition]));

const ocrProviders = byId<'ocr'>(localOcrProvider, noOcrProvider, mockOcrProvider, textractProvider, googleVisionProvider, azureProvider);

/** kind -> provider id -> definition. Explicit, so a missing provider is a type error, not a runtime surprise. */
export const registry: Registry = {
  pms: {
    defaultProvider: 'mock',
    optional: false,
    providers: byId<'pms'>(mockPmsProvider, operaProvider, mewsProvider, cloudbedsProvider),
  },
  // Without STRIPE_* settings stripe is misconfigured, which says what to set; `npm start` points
  // it at the Stripe mock outside production. `mock` is the in-process double for unit tests.
  payments: {
    defaultProvider: 'stripe',
    optional: false,
    providers: byId<'payments'>(stripeProvider, mockPaymentsProvider),
  },
  // `none`: no mobile keys, and the guest app shows none. The demo hotels use openkey (harbour) and
  // alliants (alpine), whose mocks `npm start` runs outside production.
  keys: {
    defaultProvider: 'none',
    optional: true,
    providers: byId<'keys'>(noneProvider<KeysPort>('keys', noKeys), openKeyProvider, alliantsProvider, mockKeysProvider),
  },
  // `none`: the guest app shows no spa. The demo hotels use spabooker (harbour) and mindbody
  // (alpine), whose mocks `npm start` runs outside production; `mock` is the in-process double for tests.
  spa: {
    defaultProvider: 'none',
    optional: true,
    providers: byId<'spa'>(noneProvider<SpaPort>('spa', noSpa), spaBookerProvider, mindbodyProvider, mockSpaProvider),
  },
  // Outside production the smtp default reaches the local sink (see smtp.provider.ts).
  email: {
    defaultProvider: 'smtp',
    optional: true,
    providers: byId<'email'>(smtpProvider, disabledChannelProvider<EmailMessage>('email')),
  },
  sms: {
    defaultProvider: 'none',
    optional: true,
    providers: byId<'sms'>(twilioProvider, disabledChannelProvider<SmsMessage>('sms')),
  },
  push: {
    defaultProvider: 'webpush',
    optional: true,
    providers: byId<'push'>(webPushProvider, disabledChannelProvider<PushMessage>('push')),
  },
  // `local` needs no configuration (tesseract and its model ship in npm packages) and reads flat,
  // sharp scans; the cloud readers read phone photos. `none`: no ID scan step. `mock` reads only the
  // marked pictures of the OCR mock servers.
  ocr: {
    defaultProvider: 'local',
    optional: true,
    providers: ocrProviders,
  },
  // Every OCR provider, with its own settings, can read what the property's own could not.
  'ocr-fallback': {
    defaultProvider: 'none',
    optional: true,
    providers: ocrFallbackProviders(ocrProviders),
  },
  // Never `none`: a property switches its concierge off in the concierge module's own settings.
  // `local` needs no configuration and no network; the demo's harbour uses openai against the
  // OpenAI mock that `npm start` runs outside production.
  concierge: {
    defaultProvider: 'local',
    optional: false,
    providers: byId<'concierge'>(localConciergeProvider, openAIProvider, mockConciergeProvider),
  },
};
