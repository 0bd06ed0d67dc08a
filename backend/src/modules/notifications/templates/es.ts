import { receiptParagraphs, type LanguageStrings } from './template-strings.js';

export const es: LanguageStrings = {
  tag: 'es',
  greeting: (firstName) => (firstName ? `Hola, ${firstName}:` : 'Hola:'),
  signOff: (propertyName) => `Un saludo,\nEl equipo de ${propertyName}`,
  automated: 'Innkeeper ha enviado este mensaje automáticamente. Por favor, no responda.',
  departments: {
    housekeeping: 'Pisos',
    maintenance: 'Mantenimiento',
    front_desk: 'Recepción',
    concierge: 'Conserjería',
    spa: 'Spa',
  },
  messages: {
    'request.created': (f) => ({
      subject: `Nueva petición: ${f.category}`,
      paragraphs: [`Un huésped de ${f.propertyName} pide: ${f.category}.`, 'Por favor, atiéndala en la lista del personal.'],
      action: { label: 'Abrir la lista', url: f.staffLink },
      sms: `Nueva petición en ${f.propertyName}: ${f.category}.`,
      push: { title: 'Nueva petición', body: f.category },
    }),
    'request.acknowledged': (f) => ({
      subject: `Nos ocupamos de ello: ${f.category}`,
      paragraphs: [`Hemos recibido su petición (${f.category}) y nos estamos ocupando de ella.`],
      action: { label: 'Ver su estancia', url: f.guestLink },
      sms: `${f.propertyName}: hemos recibido su petición (${f.category}) y nos ocupamos de ella.`,
      push: { title: 'Petición recibida', body: `${f.category}: nos ocupamos de ello.` },
    }),
    'request.completed': (f) => ({
      subject: `Hecho: ${f.category}`,
      paragraphs: [`Su petición (${f.category}) está resuelta. Esperamos que todo sea de su agrado.`],
      action: { label: 'Ver su estancia', url: f.guestLink },
      sms: `${f.propertyName}: su petición (${f.category}) está resuelta.`,
      push: { title: 'Petición resuelta', body: f.category },
    }),
    'request.overdue': (f) => ({
      subject: `Petición con retraso: ${f.category}`,
      paragraphs: [
        `Una petición de un huésped de ${f.propertyName} (${f.category}${f.department ? `, ${es.departments[f.department]}` : ''}) lleva retraso.`,
        'Por favor, revise la lista del personal.',
      ],
      action: { label: 'Abrir la lista', url: f.staffLink },
      sms: `Con retraso en ${f.propertyName}: ${f.category}.`,
      push: { title: 'Petición con retraso', body: f.category },
    }),
    'stay.pre_arrival': (f) => ({
      subject: `Su estancia en ${f.propertyName}${f.arrival ? ` el ${f.arrival}` : ''}`,
      paragraphs: [
        `Nos alegra recibirle${f.arrival ? ` el ${f.arrival}` : ''}.`,
        'Haga ya el check-in en línea y evite esperar en recepción: confirme sus datos, escanee su documento de identidad y reciba la llave de la habitación en su móvil.',
        'El botón abre directamente su estancia; por favor, no reenvíe este correo.',
      ],
      action: { label: 'Hacer el check-in en línea', url: f.guestLink },
      sms: `${f.propertyName}: haga el check-in en línea antes de llegar: ${f.guestLink}`,
      push: { title: `Su estancia en ${f.propertyName}`, body: 'Haga el check-in en línea antes de llegar.' },
    }),
    'stay.sign_in_link': (f) => ({
      subject: `Su enlace de acceso a ${f.propertyName}`,
      paragraphs: [
        'Alguien abrió su estancia con los datos de su reserva. El botón de abajo la abre directamente, sin escribir nada.',
        'Si no fue usted, ignore este mensaje. Por favor, no lo reenvíe: el enlace abre su estancia hasta el día siguiente a su salida.',
      ],
      action: { label: 'Abrir su estancia', url: f.guestLink },
      sms: `${f.propertyName}: abra su estancia aquí: ${f.guestLink}`,
      push: { title: `Su estancia en ${f.propertyName}`, body: 'Le hemos enviado un enlace de acceso.' },
    }),
    'stay.room_ready': (f) => ({
      subject: `Su habitación está lista`,
      paragraphs: [`Su habitación en ${f.propertyName} está lista${f.room ? `: habitación ${f.room}` : ''}.`, `Ya ha hecho el check-in en línea, así que al llegar puede ir directamente a su habitación.`],
      action: { label: `Ver su estancia`, url: f.guestLink },
      sms: `${f.propertyName}: su habitación está lista${f.room ? ` (habitación ${f.room})` : ''}.`,
      push: { title: `Su habitación está lista`, body: `${f.room ? `Habitación ${f.room}` : f.propertyName}` },
    }),
    'spa.booked': (f) => ({
      subject: `Su reserva de spa: ${f.spa?.treatment ?? 'tratamiento'}`,
      paragraphs: [`Su tratamiento ${f.spa?.treatment ?? ''} en ${f.propertyName} está reservado para el ${f.spa?.when ?? ''}.`, 'Puede verlo o cancelarlo en su estancia.'],
      action: { label: 'Ver su estancia', url: f.guestLink },
      sms: `${f.propertyName}: ${f.spa?.treatment ?? 'spa'} reservado para el ${f.spa?.when ?? ''}.`,
      push: { title: 'Spa reservado', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'spa.reminder': (f) => ({
      subject: `Recordatorio: ${f.spa?.treatment ?? 'su tratamiento de spa'}`,
      paragraphs: [`Le recordamos su tratamiento ${f.spa?.treatment ?? ''} en ${f.propertyName}: ${f.spa?.when ?? ''}.`, 'Le rogamos que llegue unos minutos antes.'],
      action: { label: 'Ver su estancia', url: f.guestLink },
      sms: `${f.propertyName}: recordatorio, ${f.spa?.treatment ?? 'spa'} ${f.spa?.when ?? ''}.`,
      push: { title: 'Recordatorio de spa', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'stay.receipt': (f) => ({
      subject: `Su factura de ${f.propertyName}`,
      paragraphs: [
        'Gracias por alojarse con nosotros. Su salida está registrada; aquí tiene su factura.',
        ...receiptParagraphs(f.receipt, {
          charges: 'Cargos',
          payments: 'Pagos',
          tip: (amount) => `Su propina de ${amount} es para el equipo. ¡Gracias!`,
          charged: 'Total de cargos',
          paid: 'Pagado',
          balance: 'Saldo',
        }),
      ],
      action: { label: 'Ver su estancia', url: f.guestLink },
      sms: `${f.propertyName}: su salida está registrada. Tiene la factura en su correo.`,
      push: { title: 'Salida registrada', body: 'Tiene la factura en su correo.' },
    }),
  },
};
