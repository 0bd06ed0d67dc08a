import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.js';
import type { PmsPort } from './pms.port.js';

/**
 * The behaviour every PMS provider must show, run against each one (the in-process mock, and each
 * real adapter against its mock server). It uses the harbour demo reservations that every mock
 * knows: HV1001 Anna Müller in house in room 204, HV1002 Chidi Okafor arriving today without a
 * room, HV1007 Emma Schmidt in house.
 */
export interface PmsContractSubject {
  pms: PmsPort;
  /** A vacant, ready room at harbour for the check-in case. */
  vacantRoom: string;
  /** Another vacant, ready room at harbour, of HV1007's room type, for the room-move case. */
  roomForMove: string;
  /** Prepares the PMS so `room` can be assigned to the reservation, where the vendor needs that. */
  prepareCheckIn?(reservationId: string, room: string): Promise<void>;
  close(): Promise<void>;
}

export function runPmsContract(name: string, setup: () => Promise<PmsContractSubject>): void {
  describe(`PMS contract: ${name}`, () => {
    let subject: PmsContractSubject;
    let pms: PmsPort;
    beforeAll(async () => {
      subject = await setup();
      pms = subject.pms;
    });
    afterAll(() => subject?.close());

    const reservationOf = async (confirmation: string, lastName: string) => {
      const found = await pms.findReservation(confirmation, lastName);
      if (!found) throw new Error(`${confirmation} not found`);
      return found;
    };

    it('passes its health check', async () => {
      await expect(pms.healthCheck()).resolves.toBeUndefined();
    });

    it('finds a reservation by confirmation number and last name, ignoring case and accents', async () => {
      const reservation = await reservationOf('HV1001', 'muller');
      expect(reservation).toMatchObject({
        confirmationNumber: 'HV1001',
        status: 'checked_in',
        room: '204',
        guest: { lastName: 'Müller', firstName: 'Anna' },
      });
      expect(reservation.arrivalDate < reservation.departureDate).toBe(true);
      expect(reservation.adults).toBeGreaterThan(0);
    });

    it('answers null for a wrong last name and for an unknown confirmation number', async () => {
      expect(await pms.findReservation('HV1001', 'Smith')).toBeNull();
      expect(await pms.findReservation('HV9999', 'Müller')).toBeNull();
    });

    it('reads a reservation by its PMS id', async () => {
      const found = await reservationOf('HV1002', 'Okafor');
      const again = await pms.getReservation(found.reservationId);
      expect(again).toMatchObject({ confirmationNumber: 'HV1002', status: 'reserved' });
    });

    it('gives a folio whose balance is its charges minus its payments, in minor units', async () => {
      const { reservationId } = await reservationOf('HV1001', 'Müller');
      const folio = await pms.getFolio(reservationId);
      expect(folio.currency).toBe('EUR');
      if (folio.complete) {
        expect(folio.lines.length).toBeGreaterThan(0);
        const sum = folio.lines.reduce((total, line) => total + (line.kind === 'charge' ? line.amountMinor : -line.amountMinor), 0);
        expect(folio.balanceMinor).toBe(sum);
      }
      for (const line of folio.lines) {
        expect(Number.isInteger(line.amountMinor)).toBe(true);
        expect(line.amountMinor).toBeGreaterThan(0);
      }
    });

    it('posts a charge once, however often it is retried with the same key', async () => {
      const { reservationId } = await reservationOf('HV1007', 'Schmidt');
      const before = await pms.getFolio(reservationId);
      const charge = {
        amountMinor: 4550,
        currency: 'EUR',
        description: 'Spa: hot stone massage',
        code: 'spa',
        idempotencyKey: `contract:${name}:charge:${Date.now()}`,
      };
      const first = await pms.postCharge(reservationId, charge);
      const second = await pms.postCharge(reservationId, charge);
      expect(first.duplicate).toBe(false);
      expect(second.duplicate).toBe(true);
      const after = await pms.getFolio(reservationId);
      expect(after.balanceMinor - before.balanceMinor).toBe(4550);
    });

    it('posts a payment once, however often it is retried with the same key', async () => {
      const { reservationId } = await reservationOf('HV1007', 'Schmidt');
      const before = await pms.getFolio(reservationId);
      const payment = {
        amountMinor: 1000,
        currency: 'EUR',
        description: 'Card payment',
        externalReference: `pi_contract_${Date.now()}`,
        idempotencyKey: `contract:${name}:payment:${Date.now()}`,
      };
      const first = await pms.postPayment(reservationId, payment);
      const second = await pms.postPayment(reservationId, payment);
      expect(second.duplicate).toBe(true);
      expect(second.postingId).toBe(first.postingId);
      const after = await pms.getFolio(reservationId);
      expect(before.balanceMinor - after.balanceMinor).toBe(1000);
    });

    it('posts a refund as a negative payment once, or refuses it where the PMS cannot take one', async () => {
      const { reservationId } = await reservationOf('HV1007', 'Schmidt');
      const before = await pms.getFolio(reservationId);
      const refund = {
        amountMinor: -400,
        currency: 'EUR',
        description: 'Refund (card payment)',
        externalReference: `re_contract_${Date.now()}`,
        idempotencyKey: `contract:${name}:refund:${Date.now()}`,
      };
      if (!pms.capabilities.refunds) {
        await expect(pms.postPayment(reservationId, refund)).rejects.toSatisfy((error) => error instanceof AppError && error.code === 'upstream_rejected');
        expect((await pms.getFolio(reservationId)).balanceMinor).toBe(before.balanceMinor);
        return;
      }
      const first = await pms.postPayment(reservationId, refund);
      const second = await pms.postPayment(reservationId, refund);
      expect(second).toEqual({ postingId: first.postingId, duplicate: true });
      expect((await pms.getFolio(reservationId)).balanceMinor - before.balanceMinor).toBe(400);
    });

    it("updates the guest's contact details", async () => {
      const { reservationId } = await reservationOf('HV1002', 'Okafor');
      const updated = await pms.updateGuestProfile(reservationId, {
        email: 'chidi.okafor@example.org',
        phone: '+351912345678',
        address: { lines: ['Rua Augusta 1'], city: 'Lisboa', postalCode: '1100-048', countryCode: 'PT' },
      });
      expect(updated).toMatchObject({ lastName: 'Okafor', email: 'chidi.okafor@example.org', phone: '+351912345678' });
      const read = await pms.getGuestProfile(reservationId);
      expect(read.email).toBe('chidi.okafor@example.org');
      expect(read.address?.city).toBe('Lisboa');
    });

    it('offers vacant rooms for a reservation due in, where the PMS can list them', async ({ skip }) => {
      if (!pms.listRooms) return skip('this PMS has no room search: the desk uses the property\'s room list');
      const { reservationId } = await reservationOf('HV1002', 'Okafor');
      const rooms = await pms.listRooms(reservationId);
      expect(rooms).toContainEqual(expect.objectContaining({ room: subject.vacantRoom, ready: true }));
      // Anna Müller is in 204.
      expect(rooms.map((candidate) => candidate.room)).not.toContain('204');
      const readiness = rooms.map((candidate) => candidate.ready);
      expect(readiness).toEqual([...readiness].sort((a, b) => Number(b) - Number(a)));
    });

    it('checks a guest in to a room and refuses to check them in twice', async () => {
      const { reservationId } = await reservationOf('HV1002', 'Okafor');
      await subject.prepareCheckIn?.(reservationId, subject.vacantRoom);
      const checkedIn = await pms.checkIn(reservationId, subject.vacantRoom);
      expect(checkedIn).toMatchObject({ status: 'checked_in', room: subject.vacantRoom });
      await expect(pms.checkIn(reservationId, subject.vacantRoom)).rejects.toSatisfy(
        (error) => error instanceof AppError && error.code === 'upstream_rejected',
      );
    });

    it('moves an in-house guest to a free room, and refuses an occupied room and a guest not in house', async () => {
      const rejected = (error: unknown) => error instanceof AppError && error.code === 'upstream_rejected';
      const { reservationId } = await reservationOf('HV1007', 'Schmidt');
      // Anna Müller is in 204.
      await expect(pms.moveRoom(reservationId, '204')).rejects.toSatisfy(rejected);
      const moved = await pms.moveRoom(reservationId, subject.roomForMove);
      expect(moved).toMatchObject({ confirmationNumber: 'HV1007', status: 'checked_in', room: subject.roomForMove });
      expect((await pms.getReservation(reservationId)).room).toBe(subject.roomForMove);
      const arriving = await reservationOf('HV1008', 'Silva');
      await expect(pms.moveRoom(arriving.reservationId, '210')).rejects.toSatisfy(rejected);
    });

    it('checks a guest out once the balance is settled', async () => {
      const { reservationId } = await reservationOf('HV1001', 'Müller');
      const folio = await pms.getFolio(reservationId);
      if (folio.balanceMinor > 0) {
        await pms.postPayment(reservationId, {
          amountMinor: folio.balanceMinor,
          currency: folio.currency,
          description: 'Settlement',
          externalReference: `pi_settle_${Date.now()}`,
          idempotencyKey: `contract:${name}:settle:${Date.now()}`,
        });
      }
      const checkedOut = await pms.checkOut(reservationId);
      expect(checkedOut.status).toBe('checked_out');
    });

    it('answers not_found for an unknown reservation id', async () => {
      await expect(pms.getReservation('does-not-exist-0000')).rejects.toSatisfy(
        (error) => error instanceof AppError && error.code === 'not_found',
      );
    });
  });
}
