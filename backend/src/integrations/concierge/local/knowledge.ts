import { create, insertMultiple, search } from '@orama/orama';
import type { ConciergeFact, ConciergePlace } from '../concierge.port.js';
import { conceptsIn, conceptWords, type Concept } from './concepts.js';
import { analyzers, type LocalLanguage } from './language.js';

/** Concepts a hotel fact can be about: a question naming one gets every fact about it. */
const FACT_CONCEPTS = ['wifi', 'breakfast', 'checkOut', 'checkIn', 'parking', 'spa', 'pool', 'gym', 'restaurant', 'bar', 'address', 'phone', 'emergency', 'map', 'pets', 'transport'] as const satisfies readonly Concept[];
/** Concepts that ask for the hotel's recommendations rather than its own facts. */
const PLACE_CONCEPTS = ['nearby', 'eat', 'sights'] as const satisfies readonly Concept[];

const factConceptsOf = (concepts: Set<Concept>) => FACT_CONCEPTS.filter((concept) => concepts.has(concept));

/** Words that, in any of the six languages, name the kind of place a guest asks for. */
const PLACE_KIND_WORDS: Partial<Record<Concept, string>> = {
  eat: 'restaurant restaurante ristorante cafe bistro tavern tasca trattoria pizzeria food cuisine kitchen',
  sights: 'museum museu museo musee monument castle church park garden viewpoint gallery',
  bar: 'bar pub cocktail wine',
};

const MAX_FACTS = 3;
const MAX_PLACES = 3;
const RELEVANT_SHARE = 0.5;

export interface Retrieved {
  facts: ConciergeFact[];
  places: ConciergePlace[];
}

/**
 * The hotel's facts and places, searchable with Orama (BM25 over Snowball stems of the guest's
 * language, stop words left out). A question names concepts (Wi-Fi, breakfast, ...) in any of the
 * six languages; those widen the search with the concept's words in every language, so a German
 * question finds an English fact (facts fall back to the hotel's default language).
 */
export async function createKnowledge(facts: ConciergeFact[], places: ConciergePlace[], language: LocalLanguage) {
  const { stemmer, language: stemmerLanguage, stopWords } = analyzers[language];
  const db = create({
    schema: { kind: 'string', topic: 'string', text: 'string' } as const,
    components: { tokenizer: { stemming: true, stemmer, language: stemmerLanguage, stopWords } },
  });
  const factById = new Map(facts.map((fact) => [`fact:${fact.id}`, fact]));
  const placeById = new Map(places.map((place) => [`place:${place.id}`, place]));
  await insertMultiple(db, [
    ...facts.map((fact) => ({ id: `fact:${fact.id}`, kind: 'fact', topic: fact.topic, text: fact.text })),
    ...places.map((place) => ({ id: `place:${place.id}`, kind: 'place', topic: `${place.name} ${place.category}`, text: place.description })),
  ]);
  const conceptsOfFact = new Map(facts.map((fact) => [fact.id, conceptsIn(`${fact.topic} ${fact.text}`)]));

  /** Documents matching `term`, best first. */
  const hits = async (term: string, kind: 'fact' | 'place') =>
    (await search(db, { term, properties: ['topic', 'text'], boost: { topic: 3 }, where: { kind }, threshold: 1, limit: 20 })).hits;
  /** Down to half the best score: a stray word of the question that occurs in another document does not bring that one along. */
  const relevant = <T extends { score: number }>(found: T[]) => found.filter((hit) => hit.score >= (found[0]?.score ?? 0) * RELEVANT_SHARE);

  return {
    /** What answers `question`: facts about the concepts it names, else its best text matches; places when it asks for them. */
    async retrieve(question: string): Promise<Retrieved> {
      const concepts = conceptsIn(question);
      const topics = factConceptsOf(concepts);
      // Every fact about a named topic (the Wi-Fi's name and its password), in the order the search ranks them.
      const factHits = await hits([question, ...topics.flatMap(conceptWords)].join(' '), 'fact');
      const rank = new Map(factHits.map((hit, index) => [hit.id, index]));
      const about = facts
        .filter((fact) => topics.some((topic) => conceptsOfFact.get(fact.id)!.has(topic)))
        .sort((a, b) => (rank.get(`fact:${a.id}`) ?? Infinity) - (rank.get(`fact:${b.id}`) ?? Infinity));
      // No topic named, or no fact about it: what the text search finds.
      const found = about.length > 0 ? about : relevant(factHits).map((hit) => factById.get(hit.id)!);

      const wantsPlaces = PLACE_CONCEPTS.some((concept) => concepts.has(concept));
      let foundPlaces: ConciergePlace[] = [];
      if (wantsPlaces) {
        const kinds = [...concepts].map((concept) => PLACE_KIND_WORDS[concept] ?? '').join(' ');
        const placeHits = relevant(await hits(`${question} ${kinds}`, 'place')).map((hit) => placeById.get(hit.id)!);
        const byDistance = [...places].sort((a, b) => (a.distanceMeters ?? Infinity) - (b.distanceMeters ?? Infinity));
        foundPlaces = (placeHits.length > 0 ? placeHits : byDistance).slice(0, MAX_PLACES);
      }
      // Asked for places nearby, the hotel's own facts only count when they are named outright ("restaurant").
      return { facts: wantsPlaces && topics.length === 0 ? [] : found.slice(0, MAX_FACTS), places: foundPlaces };
    },
  };
}

export type Knowledge = Awaited<ReturnType<typeof createKnowledge>>;
