import Sentiment from 'sentiment';
import type { Sentiment as SentimentResult } from '../concierge.port.js';
import { conceptsIn, type Concept } from './concepts.js';
import { analyzers, fold, words, type LocalLanguage } from './language.js';

/**
 * Valence of words (-5 .. 5, as AFINN rates them) for the languages the `sentiment` package has no
 * list for. English uses the package's own AFINN-165 list (and its emoji ranking, which every
 * language gets). Words are matched by their Snowball stem, so "schrecklichen" counts as "schrecklich".
 */
const lexicons: Record<Exclude<LocalLanguage, 'en'>, Record<string, number>> = {
  de: {
    schrecklich: -3, furchtbar: -3, grauenhaft: -4, katastrophal: -4, schlecht: -3, schlimm: -3, miserabel: -4, enttäuscht: -2, enttäuschend: -2,
    wütend: -4, sauer: -3, verärgert: -3, ärgerlich: -3, unverschämt: -4, frech: -2, unhöflich: -3, unfreundlich: -3, schmutzig: -3, dreckig: -3, eklig: -4, ekelhaft: -4,
    laut: -1, kalt: -1, kaputt: -2, defekt: -2, inakzeptabel: -4, unzumutbar: -4, beschwerde: -2, skandal: -4, traurig: -2, unzufrieden: -3, nie: -1,
    gut: 2, toll: 3, super: 3, wunderbar: 4, wunderschön: 4, großartig: 4, hervorragend: 4, ausgezeichnet: 4, perfekt: 3, schön: 2, freundlich: 2,
    lecker: 3, sauber: 2, zufrieden: 2, glücklich: 3, danke: 2, dankbar: 2, liebe: 3, lieben: 3, genial: 4, fantastisch: 4, angenehm: 2, gemütlich: 2, herrlich: 3,
  },
  fr: {
    horrible: -3, terrible: -3, affreux: -3, nul: -3, mauvais: -3, catastrophique: -4, déçu: -2, décevant: -2, furieux: -4, énervé: -3, fâché: -3,
    inadmissible: -4, inacceptable: -4, scandaleux: -4, sale: -3, dégoûtant: -4, impoli: -3, grossier: -3, bruyant: -2, cassé: -2, plainte: -2, triste: -2, mécontent: -3, pire: -3,
    bien: 2, bon: 2, super: 3, génial: 4, merveilleux: 4, magnifique: 4, excellent: 4, parfait: 3, agréable: 2, gentil: 2, aimable: 2, délicieux: 3,
    propre: 2, content: 2, heureux: 3, ravi: 3, merci: 2, adore: 3, fantastique: 4, formidable: 4, top: 2,
  },
  es: {
    horrible: -3, terrible: -3, fatal: -3, malo: -3, pésimo: -4, decepcionado: -2, decepcionante: -2, furioso: -4, enfadado: -3, enojado: -3, molesto: -2,
    inaceptable: -4, vergüenza: -3, sucio: -3, asqueroso: -4, grosero: -3, maleducado: -3, ruidoso: -2, roto: -2, queja: -2, triste: -2, insatisfecho: -3, peor: -3,
    bien: 2, bueno: 2, genial: 4, maravilloso: 4, estupendo: 4, excelente: 4, perfecto: 3, agradable: 2, amable: 2, delicioso: 3, limpio: 2,
    contento: 2, feliz: 3, encantado: 3, gracias: 2, encanta: 3, fantástico: 4, increíble: 4, precioso: 3,
  },
  pt: {
    horrível: -3, terrível: -3, péssimo: -4, mau: -3, má: -3, ruim: -3, desiludido: -2, decepcionado: -2, decepcionante: -2, furioso: -4, zangado: -3, irritado: -3,
    inaceitável: -4, vergonha: -3, sujo: -3, nojento: -4, rude: -3, mal: -2, barulhento: -2, avariado: -2, estragado: -2, queixa: -2, triste: -2, insatisfeito: -3, pior: -3,
    bom: 2, boa: 2, ótimo: 3, óptimo: 3, maravilhoso: 4, excelente: 4, perfeito: 3, agradável: 2, simpático: 2, delicioso: 3, limpo: 2,
    contente: 2, feliz: 3, encantado: 3, obrigado: 2, obrigada: 2, adoro: 3, fantástico: 4, incrível: 4, lindo: 3,
  },
  it: {
    orribile: -3, terribile: -3, pessimo: -4, brutto: -3, cattivo: -3, deluso: -2, deludente: -2, furioso: -4, arrabbiato: -3, infuriato: -4, irritato: -3,
    inaccettabile: -4, vergogna: -3, sporco: -3, schifoso: -4, disgustoso: -4, maleducato: -3, scortese: -3, rumoroso: -2, rotto: -2, reclamo: -2, triste: -2, insoddisfatto: -3, peggio: -3,
    bene: 2, buono: 2, ottimo: 3, meraviglioso: 4, stupendo: 4, eccellente: 4, perfetto: 3, piacevole: 2, gentile: 2, delizioso: 3, pulito: 2,
    contento: 2, felice: 3, grazie: 2, adoro: 3, fantastico: 4, incredibile: 4, bellissimo: 4, bello: 2,
  },
};

/** Words that turn the next word's valence round. */
const negators: Record<Exclude<LocalLanguage, 'en'>, string[]> = {
  de: ['nicht', 'kein', 'keine', 'keinen', 'nie', 'niemals'],
  fr: ['pas', 'jamais', 'plus', 'aucun', 'aucune'],
  es: ['no', 'nunca', 'jamás', 'tampoco'],
  pt: ['não', 'nunca', 'jamais', 'nem'],
  it: ['non', 'mai', 'nessun', 'nessuno'],
};

const stemmed = (language: LocalLanguage, text: string) => words(text).map(analyzers[language].stemmer);

const analyzer = new Sentiment();
for (const [language, lexicon] of Object.entries(lexicons) as Array<[Exclude<LocalLanguage, 'en'>, Record<string, number>]>) {
  const negating = new Set(negators[language].flatMap((word) => stemmed(language, word)));
  analyzer.registerLanguage(language, {
    labels: Object.fromEntries(Object.entries(lexicon).map(([word, valence]) => [stemmed(language, word).join(' '), valence])),
    scoringStrategy: {
      apply: (tokens: string[], cursor: number, score: number) => (negating.has(tokens[cursor - 1] ?? '') || negating.has(tokens[cursor - 2] ?? '') ? -score : score),
    },
  });
}

/** AFINN sum and how many words counted, in one language. */
function scoreIn(language: LocalLanguage, text: string) {
  const result = language === 'en' ? analyzer.analyze(text) : analyzer.analyze(stemmed(language, text).join(' '), { language });
  return { score: result.score, counted: result.words.length };
}

/** Reasons a person should answer, strongest first, each with the concepts that raise it. */
const PERSON_REASONS: Array<[string, Concept[]]> = [
  ['safety', ['safety']],
  ['medical', ['medical']],
  ['billing dispute', ['overcharged']],
  ['complaint', ['complaint']],
  ['asks for a person', ['person']],
];

/** AFINN sum to -1..1: one strong word (±3) reads as about ±0.6, two as ±0.9. */
const SCALE = 4;
const LABEL_AT = 0.25;
const VERY_UNHAPPY = -0.5;

/**
 * Lexicon sentiment: the guest's language and English are both tried (guests mix them), and the
 * reading that recognises more words wins. A person is needed for danger, health, billing
 * disputes, complaints, an ask for a person, or a clearly unhappy guest.
 */
export function scoreSentiment(text: string, language: LocalLanguage): SentimentResult {
  const readings = [scoreIn(language, text), ...(language === 'en' ? [] : [scoreIn('en', text)])];
  const best = readings.reduce((a, b) => (b.counted > a.counted ? b : a));
  const score = Math.round(Math.tanh(best.score / SCALE) * 100) / 100;
  const label = score <= -LABEL_AT ? 'negative' : score >= LABEL_AT ? 'positive' : 'neutral';
  const concepts = conceptsIn(fold(text));
  const reason = PERSON_REASONS.find(([, raisedBy]) => raisedBy.some((concept) => concepts.has(concept)))?.[0] ?? (score <= VERY_UNHAPPY ? 'very unhappy' : null);
  return { score, label, needsPerson: reason !== null, reason };
}
