import { describe, expect, it } from 'vitest';
import { personAnswersFrom } from './business-hours.js';

const at = (iso: string) => new Date(iso);

describe('business hours for human replies', () => {
  it('answers around the clock without hours', () => {
    expect(personAnswersFrom(null, 'Europe/Lisbon', at('2026-03-01T03:00:00Z'))).toBeNull();
  });

  it("tells when a person answers, in the property's zone", () => {
    const day = { start: '08:00', end: '22:00' };
    // 07:30 in Zurich (UTC+1 in March) is 06:30 UTC.
    expect(personAnswersFrom(day, 'Europe/Zurich', at('2026-03-01T06:30:00Z'))).toBe('08:00');
    expect(personAnswersFrom(day, 'Europe/Zurich', at('2026-03-01T07:00:00Z'))).toBeNull();
    expect(personAnswersFrom(day, 'Europe/Zurich', at('2026-03-01T21:00:00Z'))).toBe('08:00');
  });

  it('handles hours that run past midnight', () => {
    const night = { start: '18:00', end: '02:00' };
    expect(personAnswersFrom(night, 'UTC', at('2026-03-01T01:00:00Z'))).toBeNull();
    expect(personAnswersFrom(night, 'UTC', at('2026-03-01T12:00:00Z'))).toBe('18:00');
  });
});
