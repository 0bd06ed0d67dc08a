import type { LocalLanguage } from './language.js';

/** What the local concierge says, per language. Facts and places are quoted as the hotel wrote them. */
export interface Phrases {
  greeting(firstName: string | null): string;
  thanks: string;
  /** Nothing in the hotel's information answers the question. */
  unknown: string;
  placesIntro: string;
  /** "250 m" or "1.2 km" away, on foot. */
  away(distance: string): string;
  open(hours: string): string;
  handoff: string;
  /** Someone may be in danger: the emergency numbers first, then a person. */
  danger(emergency: string | null): string;
  /** A request the guest made that no tool on offer can take. */
  cannotAct: string;
  askLateTime: string;
  done: string;
  failed(reason: string): string;
}

export const phrases: Record<LocalLanguage, Phrases> = {
  en: {
    greeting: (name) => `Hello${name ? ` ${name}` : ''}! How can I help you today?`,
    thanks: "You're welcome! Is there anything else I can do for you?",
    unknown: "I'm sorry, I don't have that information. I can ask a member of our team for you.",
    placesIntro: 'Nearby, we recommend:',
    away: (distance) => `${distance} away`,
    open: (hours) => `open ${hours}`,
    handoff: "I'm passing this to a member of our team, who will reply here shortly.",
    danger: (emergency) => `If anyone is in danger, call for help now: ${emergency ?? '112'}. I'm alerting our team at once.`,
    cannotAct: "I can't arrange that from this chat. Please call reception and they will take care of it.",
    askLateTime: 'Until what time would you like to keep the room? For example: "until 13:00".',
    done: 'Done.',
    failed: (reason) => `I'm sorry, that didn't work (${reason}). A member of our team can help.`,
  },
  de: {
    greeting: (name) => `Hallo${name ? ` ${name}` : ''}! Wie kann ich Ihnen helfen?`,
    thanks: 'Gern geschehen! Kann ich sonst noch etwas für Sie tun?',
    unknown: 'Das weiß ich leider nicht. Ich kann gern jemanden aus unserem Team für Sie fragen.',
    placesIntro: 'In der Nähe empfehlen wir:',
    away: (distance) => `${distance} entfernt`,
    open: (hours) => `geöffnet ${hours}`,
    handoff: 'Ich gebe das an unser Team weiter; jemand antwortet Ihnen hier in Kürze.',
    danger: (emergency) => `Wenn jemand in Gefahr ist, rufen Sie sofort Hilfe: ${emergency ?? '112'}. Ich alarmiere unser Team.`,
    cannotAct: 'Das kann ich über diesen Chat nicht veranlassen. Bitte rufen Sie die Rezeption an.',
    askLateTime: 'Bis wann möchten Sie das Zimmer behalten? Zum Beispiel: „bis 13:00“.',
    done: 'Erledigt.',
    failed: (reason) => `Das hat leider nicht geklappt (${reason}). Unser Team hilft Ihnen gern weiter.`,
  },
  fr: {
    greeting: (name) => `Bonjour${name ? ` ${name}` : ''} ! Comment puis-je vous aider ?`,
    thanks: 'Avec plaisir ! Puis-je faire autre chose pour vous ?',
    unknown: "Je suis désolé, je n'ai pas cette information. Je peux la demander à un membre de notre équipe.",
    placesIntro: 'À proximité, nous vous recommandons :',
    away: (distance) => `à ${distance}`,
    open: (hours) => `ouvert ${hours}`,
    handoff: 'Je transmets votre message à notre équipe, qui vous répondra ici très bientôt.',
    danger: (emergency) => `Si quelqu'un est en danger, appelez les secours immédiatement : ${emergency ?? '112'}. J'alerte notre équipe.`,
    cannotAct: 'Je ne peux pas organiser cela depuis ce chat. Merci d’appeler la réception.',
    askLateTime: "Jusqu'à quelle heure souhaitez-vous garder la chambre ? Par exemple : « jusqu'à 13:00 ».",
    done: "C'est fait.",
    failed: (reason) => `Désolé, cela n'a pas fonctionné (${reason}). Notre équipe peut vous aider.`,
  },
  es: {
    greeting: (name) => `¡Hola${name ? ` ${name}` : ''}! ¿En qué puedo ayudarle?`,
    thanks: '¡De nada! ¿Puedo ayudarle en algo más?',
    unknown: 'Lo siento, no tengo esa información. Puedo consultarlo con alguien de nuestro equipo.',
    placesIntro: 'Cerca le recomendamos:',
    away: (distance) => `a ${distance}`,
    open: (hours) => `abierto ${hours}`,
    handoff: 'Paso su mensaje a nuestro equipo; alguien le responderá aquí en breve.',
    danger: (emergency) => `Si alguien está en peligro, pida ayuda ahora: ${emergency ?? '112'}. Estoy avisando a nuestro equipo.`,
    cannotAct: 'No puedo gestionarlo desde este chat. Por favor, llame a recepción.',
    askLateTime: '¿Hasta qué hora desea quedarse con la habitación? Por ejemplo: «hasta las 13:00».',
    done: 'Hecho.',
    failed: (reason) => `Lo siento, no ha funcionado (${reason}). Nuestro equipo puede ayudarle.`,
  },
  pt: {
    greeting: (name) => `Olá${name ? ` ${name}` : ''}! Como posso ajudar?`,
    thanks: 'De nada! Posso ajudar em mais alguma coisa?',
    unknown: 'Lamento, não tenho essa informação. Posso perguntar a alguém da nossa equipa.',
    placesIntro: 'Perto daqui recomendamos:',
    away: (distance) => `a ${distance}`,
    open: (hours) => `aberto ${hours}`,
    handoff: 'Vou passar a sua mensagem à nossa equipa; alguém responderá aqui em breve.',
    danger: (emergency) => `Se alguém estiver em perigo, peça ajuda já: ${emergency ?? '112'}. Estou a alertar a nossa equipa.`,
    cannotAct: 'Não consigo tratar disso por este chat. Por favor, ligue para a receção.',
    askLateTime: 'Até que horas gostaria de ficar com o quarto? Por exemplo: «até às 13:00».',
    done: 'Feito.',
    failed: (reason) => `Lamento, não funcionou (${reason}). A nossa equipa pode ajudar.`,
  },
  it: {
    greeting: (name) => `Buongiorno${name ? ` ${name}` : ''}! Come posso aiutarla?`,
    thanks: 'Prego! Posso fare altro per lei?',
    unknown: 'Mi dispiace, non ho questa informazione. Posso chiedere a qualcuno del nostro staff.',
    placesIntro: 'Nei dintorni le consigliamo:',
    away: (distance) => `a ${distance}`,
    open: (hours) => `aperto ${hours}`,
    handoff: 'Passo il messaggio al nostro staff; qualcuno le risponderà qui a breve.',
    danger: (emergency) => `Se qualcuno è in pericolo, chiami subito aiuto: ${emergency ?? '112'}. Sto avvisando il nostro staff.`,
    cannotAct: 'Non posso organizzarlo da questa chat. La preghiamo di chiamare la reception.',
    askLateTime: 'Fino a che ora desidera tenere la camera? Per esempio: «fino alle 13:00».',
    done: 'Fatto.',
    failed: (reason) => `Mi dispiace, non ha funzionato (${reason}). Il nostro staff può aiutarla.`,
  },
};
