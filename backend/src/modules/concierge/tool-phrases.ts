import type { GuestLanguage } from '../../lib/languages.js';
import { formatMoney } from '../../lib/money.js';

/**
 * What the concierge's tools say to the guest, in the guest app's languages: the `summary` of a
 * tool result (what a provider without a model, `local`, says as it is; a model rephrases it) and
 * of a proposal the guest confirms. Dates, times and prices are written as the language writes
 * them, in the hotel's time zone.
 */
interface Words {
  requestPlaced: (category: string) => string;
  lateCheckout: (time: string) => string;
  confirmBelow: string;
  freeTimes: (date: string) => string;
  noFreeTimes: (date: string) => string;
  whichOne: string;
  minutes: string;
  withTherapist: (name: string) => string;
  onRoomBill: string;
  onCard: string;
  booked: (summary: string) => string;
  notBooked: (summary: string) => string;
}

const WORDS: Record<GuestLanguage, Words> = {
  en: {
    requestPlaced: (category) => `I've passed your request to our team: ${category}. You can follow it under Requests.`,
    lateCheckout: (time) => `Late check-out at ${time}`,
    confirmBelow: 'Please confirm it below.',
    freeTimes: (date) => `Free times on ${date}:`,
    noFreeTimes: (date) => `There are no free times on ${date}.`,
    whichOne: 'Tell me which one I should book.',
    minutes: 'min',
    withTherapist: (name) => `with ${name}`,
    onRoomBill: 'on the room bill',
    onCard: 'on your card',
    booked: (summary) => `Booked: ${summary}.`,
    notBooked: (summary) => `I could not book ${summary}.`,
  },
  de: {
    requestPlaced: (category) => `Ich habe Ihre Anfrage an unser Team weitergegeben: ${category}. Sie können sie unter Wünsche verfolgen.`,
    lateCheckout: (time) => `Später Check-out um ${time} Uhr`,
    confirmBelow: 'Bitte bestätigen Sie unten.',
    freeTimes: (date) => `Freie Termine am ${date}:`,
    noFreeTimes: (date) => `Am ${date} ist kein Termin mehr frei.`,
    whichOne: 'Sagen Sie mir, welchen ich buchen soll.',
    minutes: 'Min.',
    withTherapist: (name) => `bei ${name}`,
    onRoomBill: 'auf die Zimmerrechnung',
    onCard: 'auf Ihre Karte',
    booked: (summary) => `Gebucht: ${summary}.`,
    notBooked: (summary) => `Ich konnte ${summary} nicht buchen.`,
  },
  fr: {
    requestPlaced: (category) => `J'ai transmis votre demande à notre équipe : ${category}. Vous pouvez la suivre dans Demandes.`,
    lateCheckout: (time) => `Départ tardif à ${time}`,
    confirmBelow: 'Merci de confirmer ci-dessous.',
    freeTimes: (date) => `Créneaux libres le ${date} :`,
    noFreeTimes: (date) => `Il n'y a plus de créneau libre le ${date}.`,
    whichOne: 'Dites-moi lequel je dois réserver.',
    minutes: 'min',
    withTherapist: (name) => `avec ${name}`,
    onRoomBill: 'sur la note de la chambre',
    onCard: 'sur votre carte',
    booked: (summary) => `Réservé : ${summary}.`,
    notBooked: (summary) => `Je n'ai pas pu réserver ${summary}.`,
  },
  es: {
    requestPlaced: (category) => `He pasado su solicitud a nuestro equipo: ${category}. Puede seguirla en Peticiones.`,
    lateCheckout: (time) => `Salida tardía a las ${time}`,
    confirmBelow: 'Confírmelo abajo, por favor.',
    freeTimes: (date) => `Horarios libres el ${date}:`,
    noFreeTimes: (date) => `No quedan horarios libres el ${date}.`,
    whichOne: 'Dígame cuál debo reservar.',
    minutes: 'min',
    withTherapist: (name) => `con ${name}`,
    onRoomBill: 'en la cuenta de la habitación',
    onCard: 'en su tarjeta',
    booked: (summary) => `Reservado: ${summary}.`,
    notBooked: (summary) => `No he podido reservar ${summary}.`,
  },
  pt: {
    requestPlaced: (category) => `Passei o seu pedido à nossa equipa: ${category}. Pode acompanhá-lo em Pedidos.`,
    lateCheckout: (time) => `Check-out tardio às ${time}`,
    confirmBelow: 'Confirme abaixo, por favor.',
    freeTimes: (date) => `Horários livres em ${date}:`,
    noFreeTimes: (date) => `Não há horários livres em ${date}.`,
    whichOne: 'Diga-me qual devo reservar.',
    minutes: 'min',
    withTherapist: (name) => `com ${name}`,
    onRoomBill: 'na conta do quarto',
    onCard: 'no seu cartão',
    booked: (summary) => `Reservado: ${summary}.`,
    notBooked: (summary) => `Não consegui reservar ${summary}.`,
  },
  it: {
    requestPlaced: (category) => `Ho inoltrato la sua richiesta al nostro staff: ${category}. Può seguirla in Richieste.`,
    lateCheckout: (time) => `Check-out posticipato alle ${time}`,
    confirmBelow: 'La preghiamo di confermare qui sotto.',
    freeTimes: (date) => `Orari liberi il ${date}:`,
    noFreeTimes: (date) => `Non ci sono orari liberi il ${date}.`,
    whichOne: 'Mi dica quale devo prenotare.',
    minutes: 'min',
    withTherapist: (name) => `con ${name}`,
    onRoomBill: 'sul conto della camera',
    onCard: 'sulla sua carta',
    booked: (summary) => `Prenotato: ${summary}.`,
    notBooked: (summary) => `Non sono riuscito a prenotare ${summary}.`,
  },
};

/** A spa treatment's free times, or a booking, as the tools describe them. */
export interface SpaSlotText {
  treatment: string;
  durationMinutes: number;
  price: { amount: number; currency: string };
  startsAt: string;
  therapist: string | null;
}

/** The phrases of one guest's language, formatting in the hotel's zone. */
export function toolPhrases(language: GuestLanguage, timeZone: string) {
  const words = WORDS[language];
  const clock = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const dayParts = { weekday: 'long', day: 'numeric', month: 'long' } as const;
  const day = new Intl.DateTimeFormat(language, { ...dayParts, timeZone: 'UTC' });
  /** "Monday, March 2 at 15:00", "Montag, 2. März um 15:00": the language's own way of joining them. */
  const dayAndTime = new Intl.DateTimeFormat(language, { ...dayParts, hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  /** A calendar date (YYYY-MM-DD) as the language writes it. */
  const dayOf = (date: string) => day.format(new Date(`${date}T12:00:00Z`));
  const price = (money: SpaSlotText['price']) => formatMoney(money.amount, money.currency, language);
  const treatment = (slot: Pick<SpaSlotText, 'treatment' | 'durationMinutes' | 'price'>) => `${slot.treatment} (${slot.durationMinutes} ${words.minutes}, ${price(slot.price)})`;
  const booking = (slot: SpaSlotText, payment: 'room' | 'card') =>
    [`${treatment(slot)}, ${dayAndTime.format(new Date(slot.startsAt))}`, slot.therapist && words.withTherapist(slot.therapist), payment === 'room' ? words.onRoomBill : words.onCard]
      .filter(Boolean)
      .join(', ');
  return {
    requestPlaced: words.requestPlaced,
    lateCheckout: words.lateCheckout,
    /** What a tool that proposed says: the proposal, and that the guest confirms it in the app. */
    toConfirm: (proposal: string) => `${proposal}. ${words.confirmBelow}`,
    /** Free times per treatment on a day, one line each, or that there are none. */
    freeTimes(date: string, slots: SpaSlotText[]) {
      if (slots.length === 0) return words.noFreeTimes(dayOf(date));
      const byTreatment = Map.groupBy(slots, (slot) => slot.treatment);
      const lines = [...byTreatment.values()].map((same) => `- ${treatment(same[0]!)}: ${[...new Set(same.map((slot) => clock.format(new Date(slot.startsAt))))].join(', ')}`);
      return [words.freeTimes(dayOf(date)), ...lines, words.whichOne].join('\n');
    },
    price,
    booking,
    booked: words.booked,
    notBooked: words.notBooked,
  };
}

export type ToolPhrases = ReturnType<typeof toolPhrases>;
