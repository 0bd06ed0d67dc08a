/**
 * What a model costs, in USD per million tokens (input, output), from OpenAI's price list. Costs
 * are kept in micro-USD: tokens x USD per million tokens is micro-USD exactly. A model we have no
 * price for (the local concierge, a hotel's own server) costs 0: its cost is the hotel's hardware.
 */
const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
};

/** Dated snapshots (`gpt-4.1-mini-2025-04-14`) cost what their model costs. */
const SNAPSHOT = /-\d{4}-\d{2}-\d{2}$/;

export function costMicroUsd(usage: { model: string; promptTokens: number; completionTokens: number }): number {
  const price = PRICES[usage.model.replace(SNAPSHOT, '')];
  if (!price) return 0;
  return Math.round(usage.promptTokens * price.input + usage.completionTokens * price.output);
}
