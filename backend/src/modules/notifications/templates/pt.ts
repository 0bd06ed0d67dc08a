import { receiptParagraphs, type LanguageStrings } from './template-strings.js';

export const pt: LanguageStrings = {
  tag: 'pt',
  greeting: (firstName) => (firstName ? `Olá ${firstName},` : 'Olá,'),
  signOff: (propertyName) => `Com os melhores cumprimentos,\nA equipa do ${propertyName}`,
  automated: 'Esta mensagem foi enviada automaticamente pelo Innkeeper. Por favor não responda.',
  departments: {
    housekeeping: 'Limpeza',
    maintenance: 'Manutenção',
    front_desk: 'Receção',
    concierge: 'Concierge',
    spa: 'Spa',
  },
  messages: {
    'request.created': (f) => ({
      subject: `Novo pedido: ${f.category}`,
      paragraphs: [`Um hóspede do ${f.propertyName} pediu: ${f.category}.`, 'Por favor confirme-o na lista da equipa.'],
      action: { label: 'Abrir a lista', url: f.staffLink },
      sms: `Novo pedido no ${f.propertyName}: ${f.category}.`,
      push: { title: 'Novo pedido', body: f.category },
    }),
    'request.acknowledged': (f) => ({
      subject: `Estamos a tratar: ${f.category}`,
      paragraphs: [`Recebemos o seu pedido (${f.category}) e a nossa equipa já está a tratar dele.`],
      action: { label: 'Ver a sua estadia', url: f.guestLink },
      sms: `${f.propertyName}: recebemos o seu pedido (${f.category}) e estamos a tratar dele.`,
      push: { title: 'Pedido recebido', body: `${f.category}: estamos a tratar.` },
    }),
    'request.completed': (f) => ({
      subject: `Concluído: ${f.category}`,
      paragraphs: [`O seu pedido (${f.category}) foi concluído. Esperamos que esteja tudo do seu agrado.`],
      action: { label: 'Ver a sua estadia', url: f.guestLink },
      sms: `${f.propertyName}: o seu pedido (${f.category}) está concluído.`,
      push: { title: 'Pedido concluído', body: f.category },
    }),
    'request.overdue': (f) => ({
      subject: `Pedido em atraso: ${f.category}`,
      paragraphs: [
        `Um pedido de hóspede no ${f.propertyName} (${f.category}${f.department ? `, ${pt.departments[f.department]}` : ''}) passou do prazo.`,
        'Por favor verifique-o na lista da equipa.',
      ],
      action: { label: 'Abrir a lista', url: f.staffLink },
      sms: `Em atraso no ${f.propertyName}: ${f.category}.`,
      push: { title: 'Pedido em atraso', body: f.category },
    }),
    'stay.pre_arrival': (f) => ({
      subject: `A sua estadia no ${f.propertyName}${f.arrival ? ` a ${f.arrival}` : ''}`,
      paragraphs: [
        `Aguardamos a sua chegada${f.arrival ? ` a ${f.arrival}` : ''}.`,
        'Faça já o check-in online e evite a receção: confirme os seus dados, digitalize o documento e receba a chave do quarto no telemóvel.',
        'O botão abre a sua estadia diretamente; por favor não reencaminhe este email.',
      ],
      action: { label: 'Fazer check-in online', url: f.guestLink },
      sms: `${f.propertyName}: faça o check-in online antes de chegar: ${f.guestLink}`,
      push: { title: `A sua estadia no ${f.propertyName}`, body: 'Faça o check-in online antes de chegar.' },
    }),
    'stay.sign_in_link': (f) => ({
      subject: `O seu link de acesso ao ${f.propertyName}`,
      paragraphs: [
        'A sua estadia foi procurada com os dados da reserva. O botão abaixo abre-a diretamente, sem escrever nada.',
        'Se não foi você, pode ignorar esta mensagem. Por favor não a reencaminhe: o link abre a sua estadia até ao dia seguinte à partida.',
      ],
      action: { label: 'Abrir a minha estadia', url: f.guestLink },
      sms: `${f.propertyName}: abra a sua estadia aqui: ${f.guestLink}`,
      push: { title: `A sua estadia no ${f.propertyName}`, body: 'Enviámos-lhe um link de acesso.' },
    }),
    'stay.room_ready': (f) => ({
      subject: `O seu quarto está pronto`,
      paragraphs: [`O seu quarto no ${f.propertyName} está pronto${f.room ? `: quarto ${f.room}` : ''}.`, `Já fez o check-in online, por isso pode ir diretamente para o seu quarto quando chegar.`],
      action: { label: `Ver a sua estadia`, url: f.guestLink },
      sms: `${f.propertyName}: o seu quarto está pronto${f.room ? ` (quarto ${f.room})` : ''}.`,
      push: { title: `O seu quarto está pronto`, body: `${f.room ? `Quarto ${f.room}` : f.propertyName}` },
    }),
    'spa.booked': (f) => ({
      subject: `A sua reserva no spa: ${f.spa?.treatment ?? 'tratamento'}`,
      paragraphs: [`O seu tratamento ${f.spa?.treatment ?? ''} no ${f.propertyName} está reservado para ${f.spa?.when ?? ''}.`, 'Pode vê-lo ou cancelá-lo na sua estadia.'],
      action: { label: 'Ver a sua estadia', url: f.guestLink },
      sms: `${f.propertyName}: ${f.spa?.treatment ?? 'spa'} reservado para ${f.spa?.when ?? ''}.`,
      push: { title: 'Spa reservado', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'spa.reminder': (f) => ({
      subject: `Lembrete: ${f.spa?.treatment ?? 'o seu tratamento no spa'}`,
      paragraphs: [`Um lembrete do seu tratamento ${f.spa?.treatment ?? ''} no ${f.propertyName}: ${f.spa?.when ?? ''}.`, 'Por favor chegue alguns minutos antes.'],
      action: { label: 'Ver a sua estadia', url: f.guestLink },
      sms: `${f.propertyName}: lembrete, ${f.spa?.treatment ?? 'spa'} ${f.spa?.when ?? ''}.`,
      push: { title: 'Lembrete do spa', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'stay.receipt': (f) => ({
      subject: `O seu recibo do ${f.propertyName}`,
      paragraphs: [
        'Obrigado pela sua estadia. O seu check-out está feito; aqui está a sua conta.',
        ...receiptParagraphs(f.receipt, {
          charges: 'Consumos',
          payments: 'Pagamentos',
          tip: (amount) => `A sua gorjeta de ${amount} vai para a equipa. Obrigado!`,
          charged: 'Total dos consumos',
          paid: 'Pago',
          balance: 'Saldo',
        }),
      ],
      action: { label: 'Ver a minha estadia', url: f.guestLink },
      sms: `${f.propertyName}: o seu check-out está feito. O recibo está no seu email.`,
      push: { title: 'Check-out feito', body: 'O recibo está no seu email.' },
    }),
  },
};
