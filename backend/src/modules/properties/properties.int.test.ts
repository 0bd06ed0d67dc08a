import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';

describe('public property profile and hotel information', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffToken(t.app, 'admin@innkeeper.local');
  });
  afterAll(() => t.close());

  it('answers a hotel by code with its public fields and nothing else', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/properties/alpine/public' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ code: 'alpine', name: 'Alpine Lodge', logoUrl: null, defaultLanguage: 'en', country: 'CH', timeZone: 'Europe/Zurich' });
    // The Wi-Fi password is for signed-in guests only.
    expect(response.body).not.toContain('matterhorn');
  });

  it('answers 404 for an unknown code', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/properties/nowhere/public' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it("gives a guest each fact in their language, else in the hotel's default language", async () => {
    const guest = bearer(await guestToken(t.app, 'HV1001', 'Müller'));
    const german = await t.app.inject({ method: 'GET', url: '/api/v1/stay/hotel-information?language=de', headers: guest });
    expect(german.statusCode).toBe(200);
    expect(german.json()).toMatchObject({
      language: 'de',
      facts: { checkOut: 'Bis 11:00', wifiNetwork: 'HarbourGuest', wifiPassword: 'seaview2024', mapUrl: expect.stringMatching(/^https:\/\//) },
    });
    const italian = await t.app.inject({ method: 'GET', url: '/api/v1/stay/hotel-information?language=it', headers: guest });
    expect(italian.json().facts.checkOut).toBe('By 11:00');
    const klingon = await t.app.inject({ method: 'GET', url: '/api/v1/stay/hotel-information?language=tlh', headers: guest });
    expect(klingon.statusCode).toBe(400);
  });

  it('lets a manager or admin replace it, audit-logged, and guests see the change', async () => {
    const information = { defaultLanguage: 'de', country: 'CH', logoUrl: 'https://alpine.example/logo.svg', information: { de: { wifiNetwork: 'Lodge', checkOut: 'Bis 10:30', spa: '' }, it: { checkOut: 'Entro le 10:30' } } };
    const saved = await t.app.inject({ method: 'PUT', url: '/api/v1/staff/properties/alpine/hotel-information', headers: bearer(admin), payload: information });
    expect(saved.statusCode).toBe(200);
    // Blank fields are not kept, so they fall back.
    expect(saved.json()).toEqual({ ...information, information: { de: { wifiNetwork: 'Lodge', checkOut: 'Bis 10:30' }, it: { checkOut: 'Entro le 10:30' } } });
    const profile = await t.app.inject({ method: 'GET', url: '/api/v1/properties/alpine/public' });
    expect(profile.json()).toMatchObject({ defaultLanguage: 'de', logoUrl: 'https://alpine.example/logo.svg' });
    const guest = bearer(await guestToken(t.app, 'AL2002', 'Meier'));
    const italian = await t.app.inject({ method: 'GET', url: '/api/v1/stay/hotel-information?language=it', headers: guest });
    expect(italian.json().facts).toMatchObject({ checkOut: 'Entro le 10:30', wifiNetwork: 'Lodge', spa: null });
    const { rows } = await t.ctx.database.pool.query(`SELECT details FROM audit_log WHERE action = 'property.hotel_information_updated'`);
    expect(rows[0].details).toEqual({ defaultLanguage: 'de', languages: ['de', 'it'] });
  });

  it('names the field of a bad value', async () => {
    const response = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/staff/properties/alpine/hotel-information',
      headers: bearer(admin),
      payload: { defaultLanguage: 'en', country: 'CH', logoUrl: null, information: { en: { mapUrl: 'javascript:alert(1)' } } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([expect.objectContaining({ field: 'body.information.en.mapUrl' })]);
  });
});
