import { describe, expect, it } from 'vitest';
import { costMicroUsd } from './model-cost.js';

describe('model cost in micro-USD', () => {
  it('prices known models and their dated snapshots, and unknown models at 0', () => {
    // 1,000 prompt tokens at 0.40 USD/M + 500 completion tokens at 1.60 USD/M = 0.0004 + 0.0008 USD.
    expect(costMicroUsd({ model: 'gpt-4.1-mini', promptTokens: 1_000, completionTokens: 500 })).toBe(1_200);
    expect(costMicroUsd({ model: 'gpt-4.1-mini-2025-04-14', promptTokens: 1_000, completionTokens: 500 })).toBe(1_200);
    expect(costMicroUsd({ model: 'local', promptTokens: 1_000, completionTokens: 500 })).toBe(0);
  });
});
