import { GUEST_LANGUAGES, type GuestLanguage } from '../../lib/languages.js';

/**
 * The steps of online check-in. A property enables and orders them (`property_settings.check_in_steps`);
 * `done` is not a step but where every enabled step leads.
 */
export const CHECK_IN_STEPS = ['contact', 'id', 'registration', 'card', 'arrival'] as const;
export type CheckInStep = (typeof CHECK_IN_STEPS)[number];

export const DEFAULT_CHECK_IN_STEPS: readonly CheckInStep[] = CHECK_IN_STEPS;

/** What finished a step: the guest, staff at the desk for them, or the system (a card hold seen in place). */
export type StepMark = { at: string; by: 'guest' | 'staff' | 'system' };
export type CheckInProgress = Partial<Record<CheckInStep, StepMark>>;

export type StepStatus = 'todo' | 'done' | 'skipped';

/** The steps a stay goes through: the property's, less the card step while payments are not set up. */
export function offeredSteps(enabled: readonly string[], paymentsConfigured: boolean): { step: CheckInStep; skipped: boolean }[] {
  return CHECK_IN_STEPS.filter((step) => enabled.includes(step))
    .sort((a, b) => enabled.indexOf(a) - enabled.indexOf(b))
    .map((step) => ({ step, skipped: step === 'card' && !paymentsConfigured }));
}

/**
 * The registration card's terms when the property has written none in any language the guest or
 * the hotel speaks: what a registration card usually asks a guest to accept.
 */
const BUILT_IN_TERMS: Record<GuestLanguage, string> = {
  en: 'I confirm that the details above are correct. I accept the hotel’s house rules and agree to settle my account, including charges posted after departure, with the card on file or at the front desk.',
  de: 'Ich bestätige, dass die obigen Angaben richtig sind. Ich akzeptiere die Hausordnung des Hotels und verpflichte mich, meine Rechnung einschließlich nach der Abreise gebuchter Beträge mit der hinterlegten Karte oder an der Rezeption zu begleichen.',
  fr: 'Je confirme que les informations ci-dessus sont exactes. J’accepte le règlement intérieur de l’hôtel et m’engage à régler ma note, y compris les frais enregistrés après mon départ, avec la carte enregistrée ou à la réception.',
  es: 'Confirmo que los datos anteriores son correctos. Acepto las normas del hotel y me comprometo a pagar mi cuenta, incluidos los cargos registrados después de mi salida, con la tarjeta registrada o en recepción.',
  pt: 'Confirmo que os dados acima estão corretos. Aceito as regras do hotel e comprometo-me a pagar a minha conta, incluindo encargos lançados após a partida, com o cartão registado ou na receção.',
  it: 'Confermo che i dati sopra riportati sono corretti. Accetto il regolamento dell’hotel e mi impegno a saldare il conto, compresi gli addebiti registrati dopo la partenza, con la carta registrata o alla reception.',
};

/**
 * The terms in the guest's language: the property's own text in that language, else in its
 * default language, else the built-in text in the guest's language.
 */
export function termsFor(
  terms: Record<string, unknown>,
  language: GuestLanguage,
  defaultLanguage: string,
): { language: string; text: string } {
  for (const candidate of [language, defaultLanguage]) {
    const text = terms[candidate];
    if (typeof text === 'string' && text.trim()) return { language: candidate, text };
  }
  return { language, text: BUILT_IN_TERMS[language] };
}

export const isGuestLanguage = (value: string): value is GuestLanguage => (GUEST_LANGUAGES as readonly string[]).includes(value);
