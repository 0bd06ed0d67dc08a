import { fold, words } from './language.js';

/**
 * What a guest's message is about, in the guest app's six languages. A pattern is a word
 * (`spa`), a word start (`towel*`), a word part (`*handtuch*`, for German compounds such as
 * "Badehandtuch"), or several of these in a row (`check out`). Accents and case do not matter.
 * Words of every language are tried on every message: a German word in an English sentence
 * still means what it means.
 */
export const concepts = {
  // Hotel facts
  wifi: ['wifi', 'wi fi', 'wlan', 'internet', 'password*', 'passwort*', 'mot de passe', 'contrasena', 'senha', 'palavra passe', 'network', 'netzwerk', 'reseau', 'rede', 'rete', 'clave'],
  breakfast: ['breakfast*', '*fruhstuck*', 'petit dejeuner', 'petit dej', 'desayun*', 'pequeno almoco', 'cafe da manha', 'colazion*'],
  checkOut: ['check out', 'checkout', 'check outs', '*auschecken', 'abreise*', 'depart', 'salida', 'saida', 'partenza', 'leave the room', 'vacate', 'zimmer verlassen', 'quitter la chambre', 'dejar la habitacion', 'deixar o quarto', 'lasciare la camera'],
  checkIn: ['check in', 'checkin', '*einchecken', 'anreise*', 'arrivee', 'llegada', 'chegada', 'arrivo', 'get the room', 'room ready'],
  parking: ['park', 'parking*', 'parken', 'parkplatz*', 'parkhaus', '*garage*', 'car park', 'stationn*', 'aparca*', 'estaciona*', 'parchegg*', 'parque'],
  spa: ['spa', 'spas', 'sauna*', 'massage*', 'masaje*', 'massagem', 'massaggi*', 'wellness', 'hammam', 'treatment*', 'behandlung*', 'soin*', 'tratamiento*', 'tratamento*', 'trattament*'],
  pool: ['pool', 'pools', '*schwimmbad*', 'piscine*', 'piscina*', 'swim*', 'schwimm*', 'nadar', 'nuotare', 'nager'],
  gym: ['gym', 'fitness*', 'gimnasio', 'ginasio', 'palestra', 'salle de sport', 'workout'],
  restaurant: ['restaurant*', 'restaurante*', 'ristorant*', 'dinner', 'lunch', '*abendessen', '*mittagessen', 'diner', 'dejeuner', 'cena*', 'almuerzo', 'almoco', 'jantar', 'pranzo'],
  bar: ['bar', 'bars', 'drink*', 'cocktail*', 'getrank*', 'boisson*', 'bebida*', 'bevand*'],
  address: ['address', 'adresse', 'direccion', 'endereco', 'indirizzo', 'located', 'location'],
  phone: ['phone', 'telephone', 'telefon*', 'telefone', 'call reception', 'phone number'],
  emergency: ['emergenc*', 'notfall*', 'notruf*', 'urgence*', 'emergencia*', 'emergenza*', '112', '911'],
  map: ['map', 'maps', 'karte', 'carte', 'mapa', 'mappa', 'directions', 'wegbeschreibung', 'itinerair*', 'como llegar', 'como chegar'],
  pets: ['pet', 'pets', 'dog*', 'cat', 'cats', 'hund*', 'haustier*', 'chien*', 'perro*', 'cao', 'caes', 'cane', 'cani', 'animal*', 'animai*'],
  transport: ['taxi*', 'airport*', '*flughafen*', 'aeroport*', 'aeropuerto*', 'aeroporto*', 'bus', 'train*', 'metro', 'tram', 'zug', 'bahnhof', 'gare', 'estacion', 'estacao', 'stazione', 'transfer*'],

  // Places nearby
  nearby: ['nearby', 'near', 'close by', 'around here', 'area', 'recommend*', 'suggest*', 'nahe', 'in der nahe', 'umgebung', 'empfehl*', 'pres', 'proche', 'autour', 'recommand*', 'conseill*', 'cerca', 'recomend*', 'perto', 'proximo', 'vicin*', 'consigli*', 'dintorni'],
  eat: ['eat', 'eating', 'food', 'essen', 'manger', 'comer', 'comida', 'mangiare', 'cibo', 'hungry', 'hunger', 'faim', 'hambre', 'fome', 'fame', 'dine'],
  sights: ['things to do', 'sightseeing', 'sights', 'visit', 'museum*', 'sehenswurd*', 'besichtig*', 'visiter', 'musee*', 'visitar', 'museo*', 'visitare', 'attraction*', 'tour*'],

  // Actions
  housekeeping: [
    'towel*', '*handtuch*', '*handtucher*', 'serviette*', 'toalla*', 'toalha*', 'asciugaman*',
    'pillow*', 'kissen', '*kopfkissen*', 'oreiller*', 'almohad*', 'almofad*', 'travesseir*', 'cuscin*',
    'blanket*', 'decke', 'decken', '*bettdecke*', 'couverture*', 'manta*', 'cobertor*', 'coperta*', 'coperte',
    'toilet paper', '*toilettenpapier*', 'klopapier', 'papier toilette', 'papel higienico', 'carta igienica',
    'soap', 'seife', 'savon', 'jabon', 'sabonete', 'sapone', 'shampoo*', 'shampooing', 'champu',
    'bathrobe*', '*bademantel*', 'peignoir*', 'albornoz', 'roupao', 'accappatoi*',
    'hairdryer', 'hair dryer', 'fohn', '*haartrockner*', 'seche cheveux', 'secador*', 'phon', 'asciugacapelli',
    'toiletries', 'sheets', 'bettwasche', 'draps', 'sabanas', 'lencois', 'lenzuola', 'linen',
    'clean*', '*reinig*', 'putzen', 'sauber machen', 'nettoy*', 'menage', 'limpi*', 'limpez*', 'limpar', 'pulizi*', 'pulire',
  ],
  maintenance: [
    'broken', 'repair*', 'fix', 'leak*', 'not working', 'doesn t work', 'does not work', 'kaputt', 'defekt', 'funktioniert nicht', 'geht nicht', 'reparatur*', 'tropft',
    'casse', 'cassee', 'en panne', 'ne marche pas', 'ne fonctionne pas', 'fuite', 'roto', 'rota', 'averiad*', 'no funciona', 'gotea', 'avariad*', 'estragad*', 'nao funciona',
    'rotto', 'rotta', 'guasto', 'non funziona', 'perde', 'air con', 'air conditioning', 'aircon', '*klimaanlage*', 'climatisation', 'aire acondicionado', 'ar condicionado', 'aria condizionata',
    'heating', '*heizung*', 'chauffage', 'calefaccion', 'aquecimento', 'riscaldamento', 'light bulb', 'gluhbirne', 'ampoule', 'bombilla', 'lampada',
  ],
  late: ['late', 'later', 'spat*', 'spater*', 'tard*', 'tardi', 'tardio', 'tardia', 'mais tarde', 'mas tarde', 'piu tardi', 'posticip*', 'longer', 'langer', 'extend*', 'verlanger*', 'prolong*'],
  folio: ['bill', 'invoice', 'folio', 'balance', 'charges', 'spent', 'owe', 'rechnung*', 'kontostand', 'saldo', 'facture', 'solde', 'factura', 'cuenta', 'fatura', 'conta', 'conto', 'fattura'],
  booking: ['book', 'booking', 'reserve', 'reservation', 'appointment', 'available', 'availability', 'slot*', 'buchen', 'buchung', 'reservier*', 'termin*', 'frei', 'verfugbar*', 'reserver', 'rendez vous', 'disponib*', 'creneau*', 'reservar', 'cita', 'hueco', 'marcar', 'marcacao', 'horario*', 'prenot*', 'libero', 'liberi'],
  person: [
    // Not "reception" alone: "the reception's phone number" is a question, not an ask for a person.
    'human', 'person', 'someone', 'somebody', 'staff', 'manager', 'real agent', 'operator', 'talk to a', 'speak to a', 'talk to reception', 'speak to reception',
    'mensch*', 'mitarbeiter*', 'jemand*', 'personne', 'quelqu un', 'humain', 'personnel', 'persona', 'alguien', 'humano', 'pessoa', 'alguem', 'qualcuno', 'umano', 'direttore', 'direktor', 'directeur', 'gerente',
  ],
  complaint: ['complain*', 'complaint*', 'unacceptable', '*beschwer*', 'reklamation*', 'inakzeptabel', 'unzumutbar', 'plainte*', 'reclamation*', 'inacceptable', 'queja*', 'reclamacion*', 'inaceptable', 'reclamacao', 'reclamar', 'queixa*', 'inaceitavel', 'reclamo', 'lamentel*', 'inaccettabile'],
  overcharged: ['overcharged', 'charged twice', 'double charged', 'wrong charge', 'dispute', 'zu viel berechnet', 'doppelt berechnet', 'falsch berechnet', 'surfactur*', 'facture deux fois', 'cobrado de mas', 'cobro doble', 'cobrado a mais', 'cobrado duas vezes', 'addebitato due volte', 'addebito errato'],
  medical: [
    'doctor', 'medic*', 'hospital*', 'sick', 'ill', 'injured', 'hurt', 'ambulance', 'allerg*', 'pain', 'bleeding', 'faint*', 'unconscious',
    'arzt', 'arztin', 'krankenhaus', 'krank', 'verletzt', 'krankenwagen', 'schmerz*', 'blutet', 'bewusstlos', 'notarzt',
    'medecin', 'hopital', 'malade', 'blesse*', 'douleur*', 'enfermo', 'enferma', 'herid*', 'dolor', 'ambulancia',
    'doente', 'ferid*', 'dor', 'ospedale', 'malato', 'malata', 'ferit*', 'dolore', 'ambulanza',
  ],
  safety: [
    'fire', 'smoke', 'gas leak', 'smell gas', 'smell of gas', 'gasgeruch', 'odeur de gaz', 'olor a gas', 'cheiro a gas', 'odore di gas', 'unsafe', 'danger*', 'police', 'stolen', 'theft', 'thief', 'intruder', 'threat*', 'assault*',
    'feuer', 'brand', 'rauch', 'gefahr*', 'gefahrlich', 'polizei', 'gestohlen', 'dieb*', 'einbrecher', 'bedroht',
    'incendie', 'feu', 'fumee', 'police', 'vole', 'voleur', 'menace*', 'fuego', 'incendio', 'humo', 'peligro*', 'policia', 'robad*', 'ladron', 'amenaz*',
    'fogo', 'fumo', 'perigo*', 'roubad*', 'ladrao', 'fuoco', 'pericol*', 'polizia', 'rubat*', 'ladro', 'minacc*',
  ],
  urgent: ['urgent*', 'emergency', 'immediately', 'asap', 'right now', 'dringend', 'sofort', 'notfall', 'urgence', 'immediatement', 'tout de suite', 'urgente', 'inmediatamente', 'imediatamente', 'subito', 'immediatamente', 'flood*', 'uberschwemm*'],
  greeting: ['hello', 'hi', 'hey', 'good morning', 'good evening', 'hallo', 'guten tag', 'guten morgen', 'servus', 'gruezi', 'gruss gott', 'bonjour', 'bonsoir', 'salut', 'hola', 'buenos dias', 'buenas', 'ola', 'bom dia', 'boa tarde', 'ciao', 'buongiorno', 'buonasera', 'salve'],
  thanks: ['thanks', 'thank you', 'thx', 'danke*', 'vielen dank', 'merci', 'gracias', 'obrigad*', 'grazie'],
  today: ['today', 'tonight', 'heute', 'aujourd hui', 'ce soir', 'hoy', 'esta noche', 'hoje', 'oggi', 'stasera'],
  tomorrow: ['tomorrow', 'morgen', 'demain', 'manana', 'amanha', 'domani'],
} as const satisfies Record<string, readonly string[]>;

export type Concept = keyof typeof concepts;

type WordTest = (word: string) => boolean;

const wordTest = (pattern: string): WordTest => {
  const starts = pattern.startsWith('*');
  const ends = pattern.endsWith('*');
  const core = pattern.replace(/^\*|\*$/g, '');
  if (starts && ends) return (word) => word.includes(core);
  if (ends) return (word) => word.startsWith(core);
  if (starts) return (word) => word.endsWith(core);
  return (word) => word === core;
};

/** Each pattern as the word tests of its words, folded as messages are. */
const compiled = Object.fromEntries(
  Object.entries(concepts).map(([concept, patterns]) => [
    concept,
    patterns.map((pattern) => fold(pattern).split(/[^\p{L}\p{N}*]+/u).filter(Boolean).map(wordTest)),
  ]),
) as Record<Concept, WordTest[][]>;

const matchesAt = (message: string[], start: number, tests: WordTest[]) => tests.every((test, offset) => start + offset < message.length && test(message[start + offset]!));

/** The concepts a text mentions. */
export function conceptsIn(text: string): Set<Concept> {
  const message = words(text);
  const found = new Set<Concept>();
  for (const [concept, patterns] of Object.entries(compiled) as Array<[Concept, WordTest[][]]>) {
    if (patterns.some((tests) => message.some((_word, index) => matchesAt(message, index, tests)))) found.add(concept);
  }
  return found;
}

/** The plain words of a concept's patterns, to widen a search to the other languages' words for it. */
export const conceptWords = (concept: Concept) => concepts[concept].map((pattern) => pattern.replaceAll('*', ''));
