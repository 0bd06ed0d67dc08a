import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env.js';

describe('parseEnv', () => {
  it('applies defaults when nothing is set', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(4000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMBEDDED_POSTGRES_PORT).not.toBe(5432);
    expect(env.GUEST_LOOKUP_IP_FAILURES).toBe(20);
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).PORT).toBe(4000);
  });

  it('points links in emails at the port the API listens on unless PUBLIC_BASE_URL says otherwise', () => {
    expect(parseEnv({}).PUBLIC_BASE_URL).toBe('http://localhost:4000');
    expect(parseEnv({ PORT: '8080' }).PUBLIC_BASE_URL).toBe('http://localhost:8080');
    expect(parseEnv({ PORT: '8080', PUBLIC_BASE_URL: 'https://stay.example.com' }).PUBLIC_BASE_URL).toBe('https://stay.example.com');
  });

  it('reports every bad value at once', () => {
    let error: unknown;
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'TRUST_PROXY']) expect(message).toContain(name);
  });
});
