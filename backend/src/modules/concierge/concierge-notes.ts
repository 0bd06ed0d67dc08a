import type { GuestLanguage } from '../../lib/languages.js';

/** What the system tells the guest in the chat, in the guest app's languages. */
const NOTES: Record<'personSoon' | 'personFrom' | 'personJoined' | 'assistantBack' | 'answerWithheld', Record<GuestLanguage, string>> = {
  personSoon: {
    en: 'A member of our team will answer you here shortly.',
    de: 'Jemand aus unserem Team antwortet Ihnen hier in Kürze.',
    fr: 'Un membre de notre équipe vous répondra ici très bientôt.',
    es: 'Un miembro de nuestro equipo le responderá aquí en breve.',
    pt: 'Um membro da nossa equipa responder-lhe-á aqui em breve.',
    it: 'Un membro del nostro team le risponderà qui a breve.',
  },
  personFrom: {
    en: 'A member of our team will answer you here from {time}.',
    de: 'Jemand aus unserem Team antwortet Ihnen hier ab {time} Uhr.',
    fr: 'Un membre de notre équipe vous répondra ici à partir de {time}.',
    es: 'Un miembro de nuestro equipo le responderá aquí a partir de las {time}.',
    pt: 'Um membro da nossa equipa responder-lhe-á aqui a partir das {time}.',
    it: 'Un membro del nostro team le risponderà qui dalle {time}.',
  },
  personJoined: {
    en: 'A member of our team has joined the conversation.',
    de: 'Jemand aus unserem Team ist jetzt im Gespräch.',
    fr: 'Un membre de notre équipe a rejoint la conversation.',
    es: 'Un miembro de nuestro equipo se ha unido a la conversación.',
    pt: 'Um membro da nossa equipa juntou-se à conversa.',
    it: 'Un membro del nostro team si è unito alla conversazione.',
  },
  assistantBack: {
    en: 'Our digital concierge is answering again; ask for a person at any time.',
    de: 'Unser digitaler Concierge antwortet wieder; Sie können jederzeit nach einer Person fragen.',
    fr: 'Notre concierge numérique répond à nouveau ; vous pouvez demander une personne à tout moment.',
    es: 'Nuestro conserje digital vuelve a responder; puede pedir una persona en cualquier momento.',
    pt: 'O nosso concierge digital voltou a responder; pode pedir uma pessoa a qualquer momento.',
    it: 'Il nostro concierge digitale risponde di nuovo; può chiedere una persona in qualsiasi momento.',
  },
  answerWithheld: {
    en: 'I cannot answer that here; I have passed your question to our team.',
    de: 'Das kann ich hier nicht beantworten; ich habe Ihre Frage an unser Team weitergegeben.',
    fr: 'Je ne peux pas répondre à cela ici ; j’ai transmis votre question à notre équipe.',
    es: 'No puedo responder a eso aquí; he pasado su pregunta a nuestro equipo.',
    pt: 'Não posso responder a isso aqui; passei a sua pergunta à nossa equipa.',
    it: 'Non posso rispondere qui; ho passato la sua domanda al nostro team.',
  },
};

export function conciergeNote(note: keyof typeof NOTES, language: GuestLanguage, time?: string): string {
  return NOTES[note][language].replace('{time}', time ?? '');
}
