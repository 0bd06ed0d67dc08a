import { receiptParagraphs, type LanguageStrings } from './template-strings.js';

export const de: LanguageStrings = {
  tag: 'de',
  greeting: (firstName) => (firstName ? `Hallo ${firstName},` : 'Guten Tag,'),
  signOff: (propertyName) => `Herzliche Grüße\nIhr Team vom ${propertyName}`,
  automated: 'Diese Nachricht wurde automatisch von Innkeeper versandt. Bitte antworten Sie nicht darauf.',
  departments: {
    housekeeping: 'Housekeeping',
    maintenance: 'Haustechnik',
    front_desk: 'Rezeption',
    concierge: 'Concierge',
    spa: 'Spa',
  },
  messages: {
    'request.created': (f) => ({
      subject: `Neuer Wunsch: ${f.category}`,
      paragraphs: [`Ein Gast im ${f.propertyName} wünscht: ${f.category}.`, 'Bitte bestätigen Sie ihn in der Mitarbeiterliste.'],
      action: { label: 'Liste öffnen', url: f.staffLink },
      sms: `Neuer Wunsch im ${f.propertyName}: ${f.category}.`,
      push: { title: 'Neuer Wunsch', body: f.category },
    }),
    'request.acknowledged': (f) => ({
      subject: `Wir kümmern uns darum: ${f.category}`,
      paragraphs: [`Wir haben Ihren Wunsch (${f.category}) erhalten und kümmern uns darum.`],
      action: { label: 'Zu Ihrem Aufenthalt', url: f.guestLink },
      sms: `${f.propertyName}: Ihr Wunsch (${f.category}) ist angekommen, wir kümmern uns darum.`,
      push: { title: 'Wunsch erhalten', body: `${f.category}: wir kümmern uns darum.` },
    }),
    'request.completed': (f) => ({
      subject: `Erledigt: ${f.category}`,
      paragraphs: [`Ihr Wunsch (${f.category}) ist erledigt. Wir hoffen, alles ist zu Ihrer Zufriedenheit.`],
      action: { label: 'Zu Ihrem Aufenthalt', url: f.guestLink },
      sms: `${f.propertyName}: Ihr Wunsch (${f.category}) ist erledigt.`,
      push: { title: 'Wunsch erledigt', body: f.category },
    }),
    'request.overdue': (f) => ({
      subject: `Überfälliger Wunsch: ${f.category}`,
      paragraphs: [
        `Ein Gästewunsch im ${f.propertyName} (${f.category}${f.department ? `, ${de.departments[f.department]}` : ''}) ist überfällig.`,
        'Bitte sehen Sie in der Mitarbeiterliste nach.',
      ],
      action: { label: 'Liste öffnen', url: f.staffLink },
      sms: `Überfällig im ${f.propertyName}: ${f.category}.`,
      push: { title: 'Wunsch überfällig', body: f.category },
    }),
    'stay.pre_arrival': (f) => ({
      subject: `Ihr Aufenthalt im ${f.propertyName}${f.arrival ? ` am ${f.arrival}` : ''}`,
      paragraphs: [
        `Wir freuen uns, Sie${f.arrival ? ` am ${f.arrival}` : ''} begrüßen zu dürfen.`,
        'Checken Sie jetzt online ein und sparen Sie sich den Weg zur Rezeption: Daten bestätigen, Ausweis scannen, Zimmerschlüssel aufs Handy.',
        'Der Knopf öffnet Ihren Aufenthalt direkt; bitte leiten Sie diese E-Mail nicht weiter.',
      ],
      action: { label: 'Online einchecken', url: f.guestLink },
      sms: `${f.propertyName}: Checken Sie vor Ihrer Ankunft online ein: ${f.guestLink}`,
      push: { title: `Ihr Aufenthalt im ${f.propertyName}`, body: 'Checken Sie vor Ihrer Ankunft online ein.' },
    }),
    'stay.sign_in_link': (f) => ({
      subject: `Ihr Anmeldelink für ${f.propertyName}`,
      paragraphs: [
        'Ihr Aufenthalt wurde mit Ihren Buchungsdaten aufgerufen. Mit dem Knopf unten öffnen Sie ihn direkt, ohne etwas einzugeben.',
        'Waren Sie das nicht, können Sie diese Nachricht ignorieren. Bitte leiten Sie sie nicht weiter: Der Link öffnet Ihren Aufenthalt bis zum Tag nach Ihrer Abreise.',
      ],
      action: { label: 'Aufenthalt öffnen', url: f.guestLink },
      sms: `${f.propertyName}: Hier öffnen Sie Ihren Aufenthalt: ${f.guestLink}`,
      push: { title: `Ihr Aufenthalt im ${f.propertyName}`, body: 'Wir haben Ihnen einen Anmeldelink geschickt.' },
    }),
    'stay.room_ready': (f) => ({
      subject: `Ihr Zimmer ist bereit`,
      paragraphs: [`Ihr Zimmer im ${f.propertyName} ist bereit${f.room ? `: Zimmer ${f.room}` : ''}.`, `Sie sind online eingecheckt und können bei Ihrer Ankunft direkt auf Ihr Zimmer gehen.`],
      action: { label: `Ihren Aufenthalt ansehen`, url: f.guestLink },
      sms: `${f.propertyName}: Ihr Zimmer ist bereit${f.room ? ` (Zimmer ${f.room})` : ''}.`,
      push: { title: `Ihr Zimmer ist bereit`, body: `${f.room ? `Zimmer ${f.room}` : f.propertyName}` },
    }),
    'spa.booked': (f) => ({
      subject: `Ihre Spa-Buchung: ${f.spa?.treatment ?? 'Behandlung'}`,
      paragraphs: [`Ihre Behandlung ${f.spa?.treatment ?? ''} im ${f.propertyName} ist gebucht für ${f.spa?.when ?? ''}.`, 'Sie können sie in Ihrem Aufenthalt ansehen oder stornieren.'],
      action: { label: 'Ihren Aufenthalt ansehen', url: f.guestLink },
      sms: `${f.propertyName}: ${f.spa?.treatment ?? 'Spa'} gebucht für ${f.spa?.when ?? ''}.`,
      push: { title: 'Spa gebucht', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'spa.reminder': (f) => ({
      subject: `Erinnerung: ${f.spa?.treatment ?? 'Ihre Spa-Behandlung'}`,
      paragraphs: [`Eine Erinnerung an Ihre Behandlung ${f.spa?.treatment ?? ''} im ${f.propertyName}: ${f.spa?.when ?? ''}.`, 'Bitte kommen Sie ein paar Minuten früher.'],
      action: { label: 'Ihren Aufenthalt ansehen', url: f.guestLink },
      sms: `${f.propertyName}: Erinnerung, ${f.spa?.treatment ?? 'Spa'} ${f.spa?.when ?? ''}.`,
      push: { title: 'Spa-Erinnerung', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'stay.receipt': (f) => ({
      subject: `Ihre Rechnung vom ${f.propertyName}`,
      paragraphs: [
        'Vielen Dank für Ihren Aufenthalt. Sie sind ausgecheckt; hier ist Ihre Rechnung.',
        ...receiptParagraphs(f.receipt, {
          charges: 'Leistungen',
          payments: 'Zahlungen',
          tip: (amount) => `Ihr Trinkgeld von ${amount} geht an das Team. Vielen Dank!`,
          charged: 'Summe der Leistungen',
          paid: 'Bezahlt',
          balance: 'Offener Betrag',
        }),
      ],
      action: { label: 'Zu Ihrem Aufenthalt', url: f.guestLink },
      sms: `${f.propertyName}: Sie sind ausgecheckt. Ihre Rechnung ist in Ihrem E-Mail-Postfach.`,
      push: { title: 'Sie sind ausgecheckt', body: 'Ihre Rechnung ist in Ihrem E-Mail-Postfach.' },
    }),
  },
};
