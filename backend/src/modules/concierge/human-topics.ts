/**
 * Topics a property can send to a person always, whatever the AI could say. Found by words in the
 * guest app's languages before the model sees the message, so a blocked topic never depends on
 * the model choosing to hand off (it may also hand off by itself, with `handoff_to_person`).
 */
export const HUMAN_TOPICS = ['billing_dispute', 'complaint', 'medical', 'safety'] as const;

export type HumanTopic = (typeof HUMAN_TOPICS)[number];

/**
 * Words per topic, lower case, matched as whole words; a trailing `*` makes a stem ("refund*" finds
 * "refunded"). Whole words by default, so "fire" is not "fireplace" and "smoke" not "smoking".
 */
const WORDS: Record<HumanTopic, string[]> = {
  billing_dispute: [
    'overcharg*', 'double charged', 'charged twice', 'wrong charge', 'refund*', 'dispute*', 'chargeback',
    'falsch berechnet', 'doppelt berechnet', 'rückerstattung', 'erstattung',
    'remboursement', 'facturé deux fois', 'reembolso', 'cobrado dos veces', 'cobrado duas vezes', 'rimborso', 'addebitato due volte',
  ],
  complaint: [
    'complain*', 'unacceptable', 'disgust*', 'terrible', 'worst', 'manager',
    'beschwer*', 'unzumutbar', 'inakzeptabel', 'katastroph*',
    'plainte', 'inacceptable', 'queja', 'reclamación', 'reclamação', 'reclamo', 'inaccettabile',
  ],
  medical: [
    'doctor', 'ambulance', 'allerg*', 'chest pain', 'injur*', 'bleeding', 'medical', 'sick', 'hospital',
    'arzt', 'ärztin', 'krankenwagen', 'notarzt', 'verletz*', 'krank',
    'médecin', 'médico', 'ambulancia', 'ambulância', 'medico', 'ambulanza', 'ospedale',
  ],
  safety: [
    'fire', 'smoke', 'gas leak', 'threat*', 'stolen', 'theft', 'assault*', 'intruder', 'police',
    'feuer', 'es brennt', 'rauch', 'gestohlen', 'diebstahl', 'polizei', 'bedroh*',
    'incendie', 'fumée', 'volé', 'incendio', 'humo', 'robado', 'polícia', 'roubado', 'fumo', 'rubato', 'polizia',
  ],
};

const wordPattern = (word: string) => {
  const stem = word.endsWith('*');
  const escaped = (stem ? word.slice(0, -1) : word).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return stem ? escaped : `${escaped}(?![\\p{L}\\p{N}])`;
};

const PATTERNS = Object.fromEntries(
  Object.entries(WORDS).map(([topic, words]) => [topic, new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(wordPattern).join('|')})`, 'iu')]),
) as Record<HumanTopic, RegExp>;

/** The first of `topics` the text is about, or null. */
export function humanTopicOf(text: string, topics: readonly HumanTopic[]): HumanTopic | null {
  return topics.find((topic) => PATTERNS[topic].test(text)) ?? null;
}
