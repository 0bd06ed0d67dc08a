import { receiptParagraphs, type LanguageStrings } from './template-strings.js';

export const it: LanguageStrings = {
  tag: 'it',
  greeting: (firstName) => (firstName ? `Gentile ${firstName},` : 'Gentile ospite,'),
  signOff: (propertyName) => `Cordiali saluti,\nIl team di ${propertyName}`,
  automated: 'Questo messaggio è stato inviato automaticamente da Innkeeper. Si prega di non rispondere.',
  departments: {
    housekeeping: 'Housekeeping',
    maintenance: 'Manutenzione',
    front_desk: 'Reception',
    concierge: 'Concierge',
    spa: 'Spa',
  },
  messages: {
    'request.created': (f) => ({
      subject: `Nuova richiesta: ${f.category}`,
      paragraphs: [`Un ospite di ${f.propertyName} chiede: ${f.category}.`, "Per favore, prendetela in carico nell'elenco del personale."],
      action: { label: "Apri l'elenco", url: f.staffLink },
      sms: `Nuova richiesta a ${f.propertyName}: ${f.category}.`,
      push: { title: 'Nuova richiesta', body: f.category },
    }),
    'request.acknowledged': (f) => ({
      subject: `Ce ne occupiamo: ${f.category}`,
      paragraphs: [`Abbiamo ricevuto la sua richiesta (${f.category}) e ce ne stiamo occupando.`],
      action: { label: 'Vai al suo soggiorno', url: f.guestLink },
      sms: `${f.propertyName}: abbiamo ricevuto la sua richiesta (${f.category}) e ce ne occupiamo.`,
      push: { title: 'Richiesta ricevuta', body: `${f.category}: ce ne occupiamo.` },
    }),
    'request.completed': (f) => ({
      subject: `Fatto: ${f.category}`,
      paragraphs: [`La sua richiesta (${f.category}) è stata evasa. Speriamo che sia tutto di suo gradimento.`],
      action: { label: 'Vai al suo soggiorno', url: f.guestLink },
      sms: `${f.propertyName}: la sua richiesta (${f.category}) è stata evasa.`,
      push: { title: 'Richiesta evasa', body: f.category },
    }),
    'request.overdue': (f) => ({
      subject: `Richiesta in ritardo: ${f.category}`,
      paragraphs: [
        `Una richiesta di un ospite di ${f.propertyName} (${f.category}${f.department ? `, ${it.departments[f.department]}` : ''}) è in ritardo.`,
        "Per favore, controllate l'elenco del personale.",
      ],
      action: { label: "Apri l'elenco", url: f.staffLink },
      sms: `In ritardo a ${f.propertyName}: ${f.category}.`,
      push: { title: 'Richiesta in ritardo', body: f.category },
    }),
    'stay.pre_arrival': (f) => ({
      subject: `Il suo soggiorno a ${f.propertyName}${f.arrival ? ` il ${f.arrival}` : ''}`,
      paragraphs: [
        `Saremo lieti di accoglierla${f.arrival ? ` il ${f.arrival}` : ''}.`,
        "Faccia subito il check-in online ed eviti l'attesa alla reception: confermi i suoi dati, scansioni il documento d'identità e riceva la chiave della camera sul telefono.",
        'Il pulsante apre direttamente il suo soggiorno; la preghiamo di non inoltrare questa email.',
      ],
      action: { label: 'Check-in online', url: f.guestLink },
      sms: `${f.propertyName}: faccia il check-in online prima dell'arrivo: ${f.guestLink}`,
      push: { title: `Il suo soggiorno a ${f.propertyName}`, body: "Faccia il check-in online prima dell'arrivo." },
    }),
    'stay.sign_in_link': (f) => ({
      subject: `Il suo link di accesso per ${f.propertyName}`,
      paragraphs: [
        'Qualcuno ha aperto il suo soggiorno con i dati della prenotazione. Il pulsante qui sotto lo apre direttamente, senza digitare nulla.',
        'Se non è stato lei, ignori questo messaggio. La preghiamo di non inoltrarlo: il link apre il suo soggiorno fino al giorno dopo la partenza.',
      ],
      action: { label: 'Apri il suo soggiorno', url: f.guestLink },
      sms: `${f.propertyName}: apra qui il suo soggiorno: ${f.guestLink}`,
      push: { title: `Il suo soggiorno a ${f.propertyName}`, body: 'Le abbiamo inviato un link di accesso.' },
    }),
    'stay.room_ready': (f) => ({
      subject: `La sua camera è pronta`,
      paragraphs: [`La sua camera al ${f.propertyName} è pronta${f.room ? `: camera ${f.room}` : ''}.`, `Ha completato il check-in online: al suo arrivo può andare direttamente in camera.`],
      action: { label: `Vedi il soggiorno`, url: f.guestLink },
      sms: `${f.propertyName}: la sua camera è pronta${f.room ? ` (camera ${f.room})` : ''}.`,
      push: { title: `La sua camera è pronta`, body: `${f.room ? `Camera ${f.room}` : f.propertyName}` },
    }),
    'spa.booked': (f) => ({
      subject: `La sua prenotazione spa: ${f.spa?.treatment ?? 'trattamento'}`,
      paragraphs: [`Il suo trattamento ${f.spa?.treatment ?? ''} al ${f.propertyName} è prenotato per ${f.spa?.when ?? ''}.`, 'Può vederlo o annullarlo nel suo soggiorno.'],
      action: { label: 'Vedi il soggiorno', url: f.guestLink },
      sms: `${f.propertyName}: ${f.spa?.treatment ?? 'spa'} prenotato per ${f.spa?.when ?? ''}.`,
      push: { title: 'Spa prenotata', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'spa.reminder': (f) => ({
      subject: `Promemoria: ${f.spa?.treatment ?? 'il suo trattamento spa'}`,
      paragraphs: [`Un promemoria del suo trattamento ${f.spa?.treatment ?? ''} al ${f.propertyName}: ${f.spa?.when ?? ''}.`, 'La preghiamo di arrivare qualche minuto prima.'],
      action: { label: 'Vedi il soggiorno', url: f.guestLink },
      sms: `${f.propertyName}: promemoria, ${f.spa?.treatment ?? 'spa'} ${f.spa?.when ?? ''}.`,
      push: { title: 'Promemoria spa', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'stay.receipt': (f) => ({
      subject: `La sua fattura di ${f.propertyName}`,
      paragraphs: [
        'Grazie per aver soggiornato da noi. Il check-out è registrato; ecco la sua fattura.',
        ...receiptParagraphs(f.receipt, {
          charges: 'Addebiti',
          payments: 'Pagamenti',
          tip: (amount) => `La sua mancia di ${amount} va al team. Grazie!`,
          charged: 'Totale addebiti',
          paid: 'Pagato',
          balance: 'Saldo',
        }),
      ],
      action: { label: 'Vai al suo soggiorno', url: f.guestLink },
      sms: `${f.propertyName}: il check-out è registrato. La fattura è nella sua casella email.`,
      push: { title: 'Check-out registrato', body: 'La fattura è nella sua casella email.' },
    }),
  },
};
