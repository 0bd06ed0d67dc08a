import { describe, expect, it } from 'vitest';
import { normalizeName } from './names.js';

describe('normalizeName', () => {
  it.each([
    ['Müller', 'muller'],
    ['MÜLLER', 'Muller'],
    ["O'Connor", 'oconnor'],
    ['García-López', 'garcia lopez'],
    ['Strauß', 'strauss'],
    ['  Zoë ', 'zoe'],
  ])('%s matches %s', (stored, typed) => {
    expect(normalizeName(typed)).toBe(normalizeName(stored));
  });

  it('keeps different names different', () => {
    expect(normalizeName('Müller')).not.toBe(normalizeName('Miller'));
  });
});
