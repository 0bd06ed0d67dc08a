import { receiptParagraphs, type LanguageStrings } from './template-strings.js';

export const en: LanguageStrings = {
  tag: 'en',
  greeting: (firstName) => (firstName ? `Dear ${firstName},` : 'Hello,'),
  signOff: (propertyName) => `Warm regards,\nThe team at ${propertyName}`,
  automated: 'This message was sent automatically by Innkeeper. Please do not reply to it.',
  departments: {
    housekeeping: 'Housekeeping',
    maintenance: 'Maintenance',
    front_desk: 'Front desk',
    concierge: 'Concierge',
    spa: 'Spa',
  },
  messages: {
    'request.created': (f) => ({
      subject: `New request: ${f.category}`,
      paragraphs: [`A guest at ${f.propertyName} asked for: ${f.category}.`, 'Please acknowledge it in the staff queue.'],
      action: { label: 'Open the queue', url: f.staffLink },
      sms: `New request at ${f.propertyName}: ${f.category}.`,
      push: { title: 'New request', body: f.category },
    }),
    'request.acknowledged': (f) => ({
      subject: `We are on it: ${f.category}`,
      paragraphs: [`We have received your request (${f.category}) and our team is on it.`],
      action: { label: 'See your stay', url: f.guestLink },
      sms: `${f.propertyName}: we received your request (${f.category}) and are on it.`,
      push: { title: 'Request received', body: `${f.category}: our team is on it.` },
    }),
    'request.completed': (f) => ({
      subject: `Done: ${f.category}`,
      paragraphs: [`Your request (${f.category}) has been completed. We hope everything is to your liking.`],
      action: { label: 'See your stay', url: f.guestLink },
      sms: `${f.propertyName}: your request (${f.category}) is done.`,
      push: { title: 'Request completed', body: f.category },
    }),
    'request.overdue': (f) => ({
      subject: `Overdue request: ${f.category}`,
      paragraphs: [
        `A guest request at ${f.propertyName} (${f.category}${f.department ? `, ${en.departments[f.department]}` : ''}) is past its due time.`,
        'Please check on it in the staff queue.',
      ],
      action: { label: 'Open the queue', url: f.staffLink },
      sms: `Overdue at ${f.propertyName}: ${f.category}.`,
      push: { title: 'Request overdue', body: f.category },
    }),
    'stay.pre_arrival': (f) => ({
      subject: `Your stay at ${f.propertyName}${f.arrival ? ` on ${f.arrival}` : ''}`,
      paragraphs: [
        `We look forward to welcoming you${f.arrival ? ` on ${f.arrival}` : ''}.`,
        'Check in online now to skip the front desk: confirm your details, scan your ID and get your room key on your phone.',
        'The button opens your stay directly; please do not forward this email.',
      ],
      action: { label: 'Check in online', url: f.guestLink },
      sms: `${f.propertyName}: check in online before you arrive: ${f.guestLink}`,
      push: { title: `Your stay at ${f.propertyName}`, body: 'Check in online before you arrive.' },
    }),
    'stay.sign_in_link': (f) => ({
      subject: `Your sign-in link for ${f.propertyName}`,
      paragraphs: [
        'Your stay was looked up with your booking details. The button below opens it directly, without typing anything.',
        'If this was not you, you can ignore this message. Please do not forward it: the link opens your stay until the day after you leave.',
      ],
      action: { label: 'Open my stay', url: f.guestLink },
      sms: `${f.propertyName}: open your stay here: ${f.guestLink}`,
      push: { title: `Your stay at ${f.propertyName}`, body: 'We sent you a sign-in link.' },
    }),
    'stay.room_ready': (f) => ({
      subject: `Your room is ready`,
      paragraphs: [`Your room at ${f.propertyName} is ready${f.room ? `: room ${f.room}` : ''}.`, `You are checked in online, so you can go straight to your room when you arrive.`],
      action: { label: `See your stay`, url: f.guestLink },
      sms: `${f.propertyName}: your room is ready${f.room ? ` (room ${f.room})` : ''}.`,
      push: { title: `Your room is ready`, body: `${f.room ? `Room ${f.room}` : f.propertyName}` },
    }),
    'spa.booked': (f) => ({
      subject: `Your spa booking: ${f.spa?.treatment ?? 'treatment'}`,
      paragraphs: [`Your ${f.spa?.treatment ?? 'treatment'} at ${f.propertyName} is booked for ${f.spa?.when ?? ''}.`, 'You can see or cancel it in your stay.'],
      action: { label: 'See your stay', url: f.guestLink },
      sms: `${f.propertyName}: ${f.spa?.treatment ?? 'spa'} booked for ${f.spa?.when ?? ''}.`,
      push: { title: 'Spa booked', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'spa.reminder': (f) => ({
      subject: `Reminder: ${f.spa?.treatment ?? 'your spa treatment'}`,
      paragraphs: [`A reminder of your ${f.spa?.treatment ?? 'treatment'} at ${f.propertyName}: ${f.spa?.when ?? ''}.`, 'Please arrive a few minutes early.'],
      action: { label: 'See your stay', url: f.guestLink },
      sms: `${f.propertyName}: reminder, ${f.spa?.treatment ?? 'spa'} ${f.spa?.when ?? ''}.`,
      push: { title: 'Spa reminder', body: `${f.spa?.treatment ?? ''}, ${f.spa?.when ?? ''}` },
    }),
    'stay.receipt': (f) => ({
      subject: `Your receipt from ${f.propertyName}`,
      paragraphs: [
        'Thank you for staying with us. You are checked out; here is your folio.',
        ...receiptParagraphs(f.receipt, {
          charges: 'Charges',
          payments: 'Payments',
          tip: (amount) => `Your tip of ${amount} goes to the team. Thank you!`,
          charged: 'Total charges',
          paid: 'Paid',
          balance: 'Balance',
        }),
      ],
      action: { label: 'See your stay', url: f.guestLink },
      sms: `${f.propertyName}: you are checked out. Your receipt is in your email.`,
      push: { title: 'You are checked out', body: 'Your receipt is in your email.' },
    }),
  },
};
