import { receiptParagraphs, type LanguageStrings } from './template-strings.js';

export const fr: LanguageStrings = {
  tag: 'fr',
  greeting: (firstName) => (firstName ? `Bonjour ${firstName},` : 'Bonjour,'),
  signOff: (propertyName) => `Bien cordialement,\nL'équipe de ${propertyName}`,
  automated: 'Ce message a été envoyé automatiquement par Innkeeper. Merci de ne pas y répondre.',
  departments: {
    housekeeping: 'Service des étages',
    maintenance: 'Maintenance',
    front_desk: 'Réception',
    concierge: 'Conciergerie',
    spa: 'Spa',
  },
  messages: {
    'request.created': (f) => ({
      subject: `Nouvelle demande : ${f.category}`,
      paragraphs: [`Un client de ${f.propertyName} demande : ${f.category}.`, 'Merci de la prendre en charge dans la liste du personnel.'],
      action: { label: 'Ouvrir la liste', url: f.staffLink },
      sms: `Nouvelle demande à ${f.propertyName} : ${f.category}.`,
      push: { title: 'Nouvelle demande', body: f.category },
    }),
    'request.acknowledged': (f) => ({
      subject: `Nous nous en occupons : ${f.category}`,
      paragraphs: [`Nous avons bien reçu votre demande (${f.category}) et nous nous en occupons.`],
      action: { label: 'Voir votre séjour', url: f.guestLink },
      sms: `${f.propertyName} : votre demande (${f.category}) est bien reçue, nous nous en occupons.`,
      push: { title: 'Demande reçue', body: `${f.category} : nous nous en occupons.` },
    }),
    'request.completed': (f) => ({
      subject: `C'est fait : ${f.category}`,
      paragraphs: [`Votre demande (${f.category}) est traitée. Nous espérons que tout vous convient.`],
      action: { label: 'Voir votre séjour', url: f.guestLink },
      sms: `${f.propertyName} : votre demande (${f.category}) est traitée.`,
      push: { title: 'Demande traitée', body: f.category },
    }),
    'request.overdue': (f) => ({
      subject: `Demande en retard : ${f.category}`,
      paragraphs: [
        `Une demande d'un client de ${f.propertyName} (${f.category}${f.department ? `, ${fr.departments[f.department]}` : ''}) est en retard.`,
        'Merci de vérifier la liste du personnel.',
      ],
      action: { label: 'Ouvrir la liste', url: f.staffLink },
      sms: `En retard à ${f.propertyName} : ${f.category}.`,
      push: { title: 'Demande en retard', body: f.category },
    }),
    'stay.pre_arrival': (f) => ({
      subject: `Votre séjour à ${f.propertyName}${f.arrival ? ` le ${f.arrival}` : ''}`,
      paragraphs: [
        `Nous nous réjouissons de vous accueillir${f.arrival ? ` le ${f.arrival}` : ''}.`,
        "Enregistrez-vous en ligne dès maintenant et évitez l'attente à la réception : confirmez vos coordonnées, scannez votre pièce d'identité, recevez la clé de votre chambre sur votre téléphone.",
        "Le bouton ouvre directement votre séjour ; merci de ne pas transférer cet e-mail.",
      ],
      action: { label: "S'enregistrer en ligne", url: f.guestLink },
      sms: `${f.propertyName} : enregistrez-vous en ligne avant votre arrivée : ${f.guestLink}`,
      push: { title: `Votre séjour à ${f.propertyName}`, body: 'Enregistrez-vous en ligne avant votre arrivée.' },
    }),
    'stay.sign_in_link': (f) => ({
      subject: `Votre lien de connexion pour ${f.propertyName}`,
      paragraphs: [
        "Quelqu'un a ouvert votre séjour avec les détails de votre réservation. Le bouton ci-dessous l'ouvre directement, sans rien saisir.",
        "Si ce n'était pas vous, ignorez ce message. Merci de ne pas le transférer : le lien ouvre votre séjour jusqu'au lendemain de votre départ.",
      ],
      action: { label: 'Ouvrir votre séjour', url: f.guestLink },
      sms: `${f.propertyName} : ouvrez votre séjour ici : ${f.guestLink}`,
      push: { title: `Votre séjour à ${f.propertyName}`, body: 'Nous vous avons envoyé un lien de connexion.' },
    }),
    'stay.room_ready': (f) => ({
      subject: `Votre chambre est prête`,
      paragraphs: [`Votre chambre au ${f.propertyName} est prête${f.room ? ` : chambre ${f.room}` : ''}.`, `Votre enregistrement en ligne est terminé : à votre arrivée, vous pouvez aller directement dans votre chambre.`],
      action: { label: `Voir votre séjour`, url: f.guestLink },
      sms: `${f.propertyName} : votre chambre est prête${f.room ? ` (chambre ${f.room})` : ''}.`,
      push: { title: `Votre chambre est prête`, body: `${f.room ? `Chambre ${f.room}` : f.propertyName}` },
    }),
    'spa.booked': (f) => ({
      subject: `Votre réservation au spa : ${f.spa?.treatment ?? 'soin'}`,
      paragraphs: [`Votre soin ${f.spa?.treatment ?? ''} au ${f.propertyName} est réservé pour le ${f.spa?.when ?? ''}.`, 'Vous pouvez le consulter ou l’annuler depuis votre séjour.'],
      action: { label: 'Voir votre séjour', url: f.guestLink },
      sms: `${f.propertyName} : ${f.spa?.treatment ?? 'spa'} réservé pour le ${f.spa?.when ?? ''}.`,
      push: { title: 'Spa réservé', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'spa.reminder': (f) => ({
      subject: `Rappel : ${f.spa?.treatment ?? 'votre soin au spa'}`,
      paragraphs: [`Un rappel de votre soin ${f.spa?.treatment ?? ''} au ${f.propertyName} : ${f.spa?.when ?? ''}.`, 'Merci d’arriver quelques minutes en avance.'],
      action: { label: 'Voir votre séjour', url: f.guestLink },
      sms: `${f.propertyName} : rappel, ${f.spa?.treatment ?? 'spa'} ${f.spa?.when ?? ''}.`,
      push: { title: 'Rappel spa', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'stay.receipt': (f) => ({
      subject: `Votre facture de ${f.propertyName}`,
      paragraphs: [
        'Merci pour votre séjour. Votre départ est enregistré ; voici votre facture.',
        ...receiptParagraphs(f.receipt, {
          charges: 'Prestations',
          payments: 'Paiements',
          tip: (amount) => `Votre pourboire de ${amount} revient à l'équipe. Merci !`,
          charged: 'Total des prestations',
          paid: 'Payé',
          balance: 'Solde',
        }),
      ],
      action: { label: 'Voir votre séjour', url: f.guestLink },
      sms: `${f.propertyName} : votre départ est enregistré. Votre facture est dans votre boîte e-mail.`,
      push: { title: 'Départ enregistré', body: 'Votre facture est dans votre boîte e-mail.' },
    }),
  },
};
