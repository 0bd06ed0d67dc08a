import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_DOCUMENTS } from '../../../../mocks/shared/id-documents.js';
import { saveTestCard, stripeTestBed, type StripeTestBed } from '../../../test/card-test-bed.js';
import { documentPicture } from '../../../test/id-document-pictures.js';
import { demoStay, runDueJobs } from '../../../test/notifications.js';
import { bearer, guestToken, staffToken, type TestApp } from '../../../test/test-app.js';
import { createTaskList } from '../../jobs/task-list.js';

/** A signature as the guest app's canvas sends it: a few strokes on a transparent PNG. */
function signaturePng(): string {
  const canvas = createCanvas(400, 150);
  const g = canvas.getContext('2d');
  g.strokeStyle = '#102040';
  g.lineWidth = 4;
  g.beginPath();
  g.moveTo(20, 110);
  g.bezierCurveTo(80, 10, 140, 140, 200, 60);
  g.bezierCurveTo(260, 0, 320, 140, 380, 40);
  g.stroke();
  return `data:image/png;base64,${canvas.toBuffer('image/png').toString('base64')}`;
}

const blankPng = () => createCanvas(400, 150).toBuffer('image/png').toString('base64');
const picture = (id: Parameters<typeof documentPicture>[0]) => documentPicture(id).toString('base64');
const DEU = ID_DOCUMENTS['passport-deu'];
const BAD = ID_DOCUMENTS['passport-bad-check-digit'];
const confirmedDeu = {
  givenNames: 'ERIKA',
  surname: 'MUSTERMANN',
  documentNumber: DEU.documentNumber,
  nationality: 'DEU',
  issuingCountry: 'DEU',
  dateOfBirth: DEU.dateOfBirth[1],
  dateOfExpiry: '2035-10-31',
  sex: 'F',
};

describe('online check-in', () => {
  let bed: StripeTestBed;
  let t: TestApp;
  let frontDesk: string;
  let manager: string;
  const now = { offsetMs: 0 };

  beforeAll(async () => {
    bed = await stripeTestBed({ clock: { now: () => new Date(Date.now() + now.offsetMs) } });
    ({ t, frontDesk } = bed);
    manager = await staffToken(t.app, 'admin@innkeeper.local');
  });
  afterAll(async () => {
    // Nothing this file did may leave a document number or a birth date in a log line.
    const logs = t.logs.join('\n');
    for (const secret of [DEU.documentNumber, BAD.documentNumber, DEU.dateOfBirth[1], BAD.dateOfBirth[1], '830812']) expect(logs).not.toContain(secret);
    await bed.close();
  });

  const guest = (token: string) => ({
    get: (query = '') => t.app.inject({ method: 'GET', url: `/api/v1/stay/check-in${query}`, headers: bearer(token) }),
    post: (step: string, payload?: object) => t.app.inject({ method: 'POST', url: `/api/v1/stay/check-in/${step}`, headers: bearer(token), ...(payload && { payload }) }),
  });
  const desk = (stayId: string, token = frontDesk) => ({
    url: `/api/v1/staff/properties/harbour/stays/${stayId}/check-in`,
    get(path = '') {
      return t.app.inject({ method: 'GET', url: `${this.url}${path}`, headers: bearer(token) });
    },
    post(path: string, payload?: object) {
      return t.app.inject({ method: 'POST', url: `${this.url}${path}`, headers: bearer(token), ...(payload && { payload }) });
    },
  });
  const statuses = (body: { steps: Array<{ step: string; status: string }> }) => Object.fromEntries(body.steps.map((step) => [step.step, step.status]));
  const auditCount = async (action: string, stayId: string) =>
    Number((await bed.db.query(`SELECT count(*) FROM audit_log WHERE action = $1 AND subject_id = $2`, [action, stayId])).rows[0].count);

  it('takes a guest through every step, saved as each is finished, and resumes on another device', async () => {
    const phone = guest(await guestToken(t.app, 'HV1002', 'Okafor'));
    const start = await phone.get();
    expect(start.statusCode, start.body).toBe(200);
    expect(start.json()).toMatchObject({ next: 'contact', completedAt: null, id: { status: 'none', fields: null } });
    expect(statuses(start.json())).toEqual({ contact: 'todo', id: 'todo', registration: 'todo', card: 'todo', arrival: 'todo' });

    expect((await phone.post('contact', { email: 'chidi@example.com' })).json().next).toBe('id');

    const read = await phone.post('id', { kind: 'passport', front: picture('passport-deu') });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().id).toMatchObject({ status: 'read', provider: 'mock', flags: [], kind: 'passport' });
    expect(read.json().id.fields.documentNumber.value).toBe(DEU.documentNumber);
    expect(read.json().next).toBe('id');

    // A second device sees what was read, to confirm it there.
    const laptop = guest(await guestToken(t.app, 'HV1002', 'Okafor'));
    expect((await laptop.get()).json().id.fields.surname.value).toBe('MUSTERMANN');
    const confirmed = await laptop.post('id/confirm', { fields: confirmedDeu });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().id).toMatchObject({ status: 'confirmed', reviewStatus: 'none', fields: null });
    expect(confirmed.body).not.toContain(DEU.documentNumber);

    const terms = (await phone.get('?language=de')).json().registration;
    expect(terms.termsLanguage).toBe('de');
    expect(terms.terms).toContain('Hausordnung');
    const signed = await phone.post('registration', { signature: signaturePng(), language: 'de', acceptTerms: true });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().registration.signedAt).not.toBeNull();

    // A signature that is no PNG, or a blank box, is the guest's 400, naming the field.
    for (const signature of ['𓈴𓃼', Buffer.from('GIF89a').toString('base64'), blankPng()]) {
      const refused = await phone.post('registration', { signature, acceptTerms: true });
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error.details[0].field).toBe('body.signature');
    }

    expect((await phone.post('card')).statusCode).toBe(409);
    await saveTestCard(t.app, bed.stripe, 'HV1002', 'Okafor');
    const carded = await phone.get();
    expect(carded.json().steps.find((step: { step: string }) => step.step === 'card')).toMatchObject({ status: 'done', by: 'system' });

    const done = await phone.post('arrival', { arrivalTime: '15:30', earlyCheckIn: true, cot: false, parking: true, note: 'Arriving by train' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ next: 'done', arrival: { arrivalTime: '15:30', requests: { earlyCheckIn: true, parking: true, cot: false } } });
    expect(done.json().completedAt).not.toBeNull();

    // Nothing of the ID sits in the clear in the row: it is sealed.
    const stay = await demoStay(t.ctx, 'HV1002');
    const row = (await bed.db.query(`SELECT check_ins::text AS text FROM check_ins WHERE stay_id = $1`, [stay.stayId])).rows[0].text as string;
    expect(row).not.toContain(DEU.documentNumber);
    expect(row).not.toContain('MUSTERMANN');
  });

  it('lets staff see progress without the ID, read the ID (audit-logged) and print the registration card', async () => {
    const stay = await demoStay(t.ctx, 'HV1002');
    const state = await desk(stay.stayId).get();
    expect(state.statusCode, state.body).toBe(200);
    expect(state.json()).toMatchObject({ next: 'done', id: { status: 'confirmed', provider: 'mock' } });
    expect(state.body).not.toContain(DEU.documentNumber);
    expect(state.body).not.toContain(DEU.dateOfBirth[1]);

    const before = await auditCount('check_in.id_viewed', stay.stayId);
    const id = await desk(stay.stayId).get('/id');
    expect(id.statusCode, id.body).toBe(200);
    expect(id.json().confirmed.documentNumber).toBe(DEU.documentNumber);
    expect(await auditCount('check_in.id_viewed', stay.stayId)).toBe(before + 1);

    const pdf = await desk(stay.stayId).get('/registration-card');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await auditCount('check_in.registration_card_downloaded', stay.stayId)).toBe(1);

    const ticks = await t.app.inject({ method: 'GET', url: `/api/v1/staff/properties/harbour/check-in/arrivals?date=${(await t.ctx.repositories.stays.findById(stay.propertyId, stay.stayId))!.arrivalDate}`, headers: bearer(frontDesk) });
    expect(ticks.statusCode, ticks.body).toBe(200);
    expect(ticks.json().stays.find((each: { stayId: string }) => each.stayId === stay.stayId).steps.every((step: { status: string }) => step.status === 'done')).toBe(true);
  });

  it('refuses pictures that are not JPEG, PNG, HEIC or PDF by their bytes, too large, or broken, naming the field', async () => {
    const phone = guest(await guestToken(t.app, 'HV1003', 'Ferreira'));
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1').toString('base64');
    const refused = await phone.post('id', { kind: 'passport', front: gif });
    expect(refused.statusCode).toBe(415);
    expect(refused.json().error.details).toEqual([{ field: 'body.front', message: expect.any(String) }]);
    const cut = documentPicture('passport-deu').subarray(0, 5000).toString('base64');
    const broken = await phone.post('id', { kind: 'passport', front: picture('passport-deu'), back: cut });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.details[0].field).toBe('body.back');
    const huge = Buffer.concat([documentPicture('passport-deu'), Buffer.alloc(11 * 1024 * 1024)]).toString('base64');
    const tooLarge = await phone.post('id', { kind: 'passport', front: huge });
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.json().error.details).toEqual([{ field: 'body.front', message: 'A picture may be at most 10 MB.' }]);
    expect((await phone.get()).json().id.status).toBe('none');
  });

  it('flags a failed check digit and a guest correction, and queues the ID for review; approving records who approved', async () => {
    const phone = guest(await guestToken(t.app, 'HV1003', 'Ferreira'));
    const read = await phone.post('id', { kind: 'passport', front: picture('passport-bad-check-digit') });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().id.flags).toContain('mrz_check_digit_failed');
    const fields = Object.fromEntries(Object.entries(read.json().id.fields as Record<string, { value: string }>).map(([name, field]) => [name, field.value]));
    const confirmed = await phone.post('id/confirm', { fields: { ...fields, givenNames: 'MAXIMA ANNA' } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().id).toMatchObject({ status: 'confirmed', reviewStatus: 'pending' });
    expect(confirmed.json().id.flags).toEqual(expect.arrayContaining(['mrz_check_digit_failed', 'guest_corrected']));

    const stay = await demoStay(t.ctx, 'HV1003');
    const queue = await t.app.inject({ method: 'GET', url: '/api/v1/staff/properties/harbour/check-in/review-queue', headers: bearer(frontDesk) });
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items).toEqual([expect.objectContaining({ stayId: stay.stayId, confirmationNumber: 'HV1003', flags: expect.arrayContaining(['mrz_check_digit_failed']) })]);
    expect(queue.body).not.toContain(BAD.documentNumber);

    const approved = await desk(stay.stayId).post('/review/approve');
    expect(approved.statusCode, approved.body).toBe(200);
    const deskId = (await t.app.inject({ method: 'GET', url: '/api/v1/staff/me', headers: bearer(frontDesk) })).json().id as string;
    expect(approved.json()).toMatchObject({ id: { reviewStatus: 'approved' }, reviewedBy: deskId });
    const audit = (await bed.db.query(`SELECT actor_id FROM audit_log WHERE action = 'check_in.id_approved' AND subject_id = $1`, [stay.stayId])).rows;
    expect(audit).toEqual([{ actor_id: deskId }]);
    expect((await desk(stay.stayId).post('/review/approve')).statusCode).toBe(409);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/staff/properties/harbour/check-in/review-queue', headers: bearer(frontDesk) });
    expect(after.json().items).toEqual([]);
  });

  it('lets staff finish every step at the desk for a guest who did none, and tells the guest their room is ready once a room is assigned', async () => {
    const stay = await demoStay(t.ctx, 'HV1004');
    const at = desk(stay.stayId);
    expect((await at.post('/contact', {})).statusCode).toBe(200);
    const read = await at.post('/id', { kind: 'passport', front: picture('passport-deu') });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().fields.documentNumber.value).toBe(DEU.documentNumber);
    expect((await at.post('/id/confirm', { fields: { ...confirmedDeu, surname: "O'CONNOR", givenNames: 'JAMES' } })).json().id.reviewStatus).toBe('pending');
    expect((await at.post('/registration', { signature: signaturePng(), acceptTerms: true })).statusCode).toBe(200);
    expect((await at.post('/card')).statusCode).toBe(409);
    await saveTestCard(t.app, bed.stripe, 'HV1004', "O'Connor");
    expect((await at.post('/card')).statusCode).toBe(200);
    const done = await at.post('/arrival', { parking: true });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().next).toBe('done');
    expect(done.json().steps.every((step: { by: string }) => step.by === 'staff' || step.by === 'system')).toBe(true);

    // The desk checks the guest in with a room: the room-ready job tells the guest once.
    const checkedIn = await t.app.inject({ method: 'POST', url: `/api/v1/staff/properties/harbour/stays/${stay.stayId}/check-in`, headers: bearer(frontDesk), payload: { room: '402' } });
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    await runDueJobs(t.ctx, t.databaseUrl, createTaskList(t.ctx));
    const mails = (await bed.db.query(`SELECT type, recipient, payload FROM notifications WHERE stay_id = $1 AND type = 'stay.room_ready'`, [stay.stayId])).rows;
    expect(mails).toHaveLength(1);
    expect(mails[0].payload).toMatchObject({ room: '402' });
    const events = (await bed.db.query(`SELECT count(*)::int AS n FROM realtime_events WHERE stay_id = $1 AND type = 'stay.room_ready'`, [stay.stayId])).rows[0].n;
    expect(events).toBe(1);
    expect(await t.ctx.services.checkIn.roomReady(stay.propertyId, stay.stayId)).toBe(false);
    expect((await at.get()).json()).toMatchObject({ room: '402' });
  });

  it('follows the steps and terms a manager sets; the front desk may not change them', async () => {
    const url = '/api/v1/staff/properties/harbour/check-in/settings';
    const settings = { steps: ['id', 'contact'], retentionDays: 0, idImagesStored: false, registrationCardKept: false, registrationTerms: { en: 'Quiet after 22:00.' }, selfCheckIn: false };
    expect((await t.app.inject({ method: 'PUT', url, headers: bearer(frontDesk), payload: settings })).statusCode).toBe(403);
    const saved = await t.app.inject({ method: 'PUT', url, headers: bearer(manager), payload: settings });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ steps: ['id', 'contact'], retentionDays: 0, paymentsConfigured: true });
    const state = (await guest(await guestToken(t.app, 'HV1008', 'Silva')).get('?language=fr')).json();
    expect(state.steps.map((step: { step: string }) => step.step)).toEqual(['id', 'contact']);
    expect(state.registration).toMatchObject({ terms: 'Quiet after 22:00.', termsLanguage: 'en' });
  });

  it('purges what was read from the ID after the retention period past check-out: no document number is left anywhere', async () => {
    const stay = await demoStay(t.ctx, 'HV1008');
    const phone = guest(await guestToken(t.app, 'HV1008', 'Silva'));
    await phone.post('id', { kind: 'passport', front: picture('passport-deu') });
    await phone.post('id/confirm', { fields: confirmedDeu });
    await t.app.inject({
      method: 'PUT',
      url: '/api/v1/staff/properties/harbour/check-in/settings',
      headers: bearer(manager),
      payload: { steps: ['id', 'registration'], retentionDays: 30, idImagesStored: true, registrationCardKept: false, registrationTerms: {}, selfCheckIn: false },
    });
    await phone.post('id', { kind: 'passport', front: picture('passport-deu') });
    await phone.post('id/confirm', { fields: confirmedDeu });
    expect((await phone.post('registration', { signature: signaturePng(), acceptTerms: true })).json().completedAt).not.toBeNull();
    const sealed = (await bed.db.query(`SELECT id_sealed, id_images_sealed, registration_sealed FROM check_ins WHERE stay_id = $1`, [stay.stayId])).rows[0];
    expect(sealed.id_sealed && sealed.id_images_sealed && sealed.registration_sealed).toBeTruthy();

    // The stay ends: checked out (at the PMS too) on its departure day.
    await bed.db.query(`UPDATE stays SET status = 'checked_out' WHERE id = $1`, [stay.stayId]);
    const departure = (await t.ctx.repositories.stays.findById(stay.propertyId, stay.stayId))!.departureDate;
    const daysUntil = (days: number) => Date.parse(`${departure}T12:00:00Z`) + days * 86_400_000 - Date.now();
    now.offsetMs = daysUntil(29);
    expect(await t.ctx.services.checkIn.purgeExpired()).toBe(0);
    now.offsetMs = daysUntil(30);
    expect(await t.ctx.services.checkIn.purgeExpired()).toBe(1);
    now.offsetMs = 0;

    const row = (await bed.db.query(`SELECT id_sealed, id_images_sealed, registration_sealed, purged_at FROM check_ins WHERE stay_id = $1`, [stay.stayId])).rows[0];
    expect(row).toMatchObject({ id_sealed: null, id_images_sealed: null, registration_sealed: null });
    expect(row.purged_at).not.toBeNull();
    const staffView = await desk(stay.stayId).get('/id');
    expect(staffView.statusCode).toBe(404);

    // No table holds the document number in any column, sealed or not (only this stay's is sealed with it; others were purged or never held it).
    const tables = (await bed.db.query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('public', 'graphile_worker') AND table_type = 'BASE TABLE'`)).rows;
    const holding: string[] = [];
    for (const { table_schema, table_name } of tables) {
      const found = await bed.db.query(`SELECT count(*)::int AS n FROM "${table_schema}"."${table_name}" t WHERE t::text ILIKE $1 OR t::text ILIKE $2`, [`%${DEU.documentNumber}%`, `%${DEU.dateOfBirth[1]}%`]);
      if (found.rows[0].n > 0) holding.push(`${table_schema}.${table_name}`);
    }
    expect(holding).toEqual([]);
  });
});
