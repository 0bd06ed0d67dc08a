import { randomBytes } from 'node:crypto';
import { contentText } from './chat-request.js';
import { invalidRequest, invalidType, missingParameter } from './errors.js';

/**
 * `POST /v1/moderations`: flags an input when it contains a word of a category's list below, or the
 * marker `[flag:<category>]` (for categories no test should have to spell out). Scores are 0.9 for
 * a flagged category and 0.0001 otherwise; `category_applied_input_types` is `["text"]` for every
 * category (the mock reads no images). One result per input string; an array of content parts is
 * one input.
 */
export const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

type Category = (typeof MODERATION_CATEGORIES)[number];

/** The word list; README.md shows the same table. */
const FLAGGED_WORDS: Partial<Record<Category, RegExp>> = {
  harassment: /\b(idiot|stupid|moron|loser)\b/i,
  'harassment/threatening': /\b(i will find you|watch your back)\b/i,
  hate: /\b(subhuman|vermin)\b/i,
  illicit: /\b(shoplift|steal|fake id)\b/i,
  'illicit/violent': /\b(make a bomb|buy a gun)\b/i,
  'self-harm': /\b(hurt myself|cut myself)\b/i,
  'self-harm/intent': /\b(kill myself|end my life|want to die)\b/i,
  sexual: /\b(nude|explicit sex)\b/i,
  violence: /\b(kill|stab|shoot|beat (him|her|them) up)\b/i,
  'violence/graphic': /\b(gore|dismember)\b/i,
};

export const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';

const flaggedBy = (text: string, category: Category) => text.includes(`[flag:${category}]`) || (FLAGGED_WORDS[category]?.test(text) ?? false);

function result(text: string) {
  const flags = Object.fromEntries(MODERATION_CATEGORIES.map((category) => [category, flaggedBy(text, category)])) as Record<Category, boolean>;
  return {
    flagged: Object.values(flags).some(Boolean),
    categories: flags,
    category_scores: Object.fromEntries(MODERATION_CATEGORIES.map((category) => [category, flags[category] ? 0.9 : 0.0001])),
    category_applied_input_types: Object.fromEntries(MODERATION_CATEGORIES.map((category) => [category, ['text']])),
  };
}

function inputs(input: unknown): string[] {
  if (input === undefined) throw missingParameter('input');
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) throw invalidType('input', 'a string or an array', input);
  if (input.length === 0) throw invalidRequest("Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'input', 'empty_array');
  if (input.every((item) => typeof item === 'string')) return input as string[];
  return [contentText(input, 'input')];
}

export function moderate(body: unknown) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('The request body must be a JSON object.');
  const { input, model, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown) throw invalidRequest(`Unrecognized request argument supplied: ${unknown}`);
  if (model !== undefined && typeof model !== 'string') throw invalidType('model', 'a string', model);
  return {
    id: `modr-${randomBytes(12).toString('hex')}`,
    model: model ?? DEFAULT_MODERATION_MODEL,
    results: inputs(input).map(result),
  };
}
