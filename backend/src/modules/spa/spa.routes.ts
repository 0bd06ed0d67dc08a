import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import type { StaffRole } from '../auth/staff.repository.js';
import { idempotencyHeaders } from '../payments/payments.schemas.js';
import { stayParams } from '../stays/stays.schemas.js';
import {
  availabilityQuery,
  availabilitySchema,
  bookBody,
  bookingParams,
  guestBookingsSchema,
  scheduleQuery,
  scheduleSchema,
  spaBookingSchema,
  spaCatalogSchema,
  spaSettingsBody,
  spaSettingsSchema,
  staffBookingParams,
} from './spa.schemas.js';
import type { SpaService } from './spa.service.js';

/** Who works the spa's day: the spa team and the managers. */
const SPA_TEAM = ['admin', 'manager', 'spa'] as const satisfies readonly StaffRole[];
/** Who books a treatment for a guest: the spa team, and the front desk for a guest at the desk. */
const SPA_BOOKERS = [...SPA_TEAM, 'front_desk'] as const satisfies readonly StaffRole[];
const SETTINGS_MANAGERS = ['admin', 'manager'] as const satisfies readonly StaffRole[];

const bookDescription =
  '201: booked (and paid: charged to the room, or the card on file). 200: this Idempotency-Key was used before; the booking as it is now. ' +
  '409: the time was taken; `details.availability` is the day as it is now. 422: the payment failed (the booking was cancelled) or the spa refused it. ' +
  '504/503: the spa system did not answer; send the same request (same key) again, it books once. Prices come from the spa, never the request.';

export function spaRoutes(deps: { spa: SpaService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const guest = { preValidation: deps.guards.guest() };
    const guestSchema = { tags: ['guest'], security: [{ bearer: [] }] };
    const staffSchema = { tags: ['staff'], security: [{ bearer: [] }] };
    const team = { preValidation: deps.guards.staff(SPA_TEAM) };
    const bookers = { preValidation: deps.guards.staff(SPA_BOOKERS) };
    const staffSpa = '/api/v1/staff/properties/:propertyId/spa';

    app.get(
      '/api/v1/stay/spa/treatments',
      { ...guest, schema: { ...guestSchema, summary: "The spa's treatments in the guest's language", response: { 200: spaCatalogSchema, ...errorResponses } } },
      (request) => deps.spa.catalogForGuest(request.guestStay!),
    );

    app.get(
      '/api/v1/stay/spa/availability',
      { ...guest, schema: { ...guestSchema, summary: 'Bookable start times of a treatment on a day', querystring: availabilityQuery, response: { 200: availabilitySchema, ...errorResponses } } },
      (request) => deps.spa.availability(request.guestStay!.propertyId, request.query.treatmentId, request.query.date),
    );

    app.post(
      '/api/v1/stay/spa/bookings',
      {
        ...guest,
        schema: { ...guestSchema, summary: 'Book a treatment (idempotent per Idempotency-Key)', description: bookDescription, headers: idempotencyHeaders, body: bookBody, response: { 200: spaBookingSchema, 201: spaBookingSchema, ...errorResponses } },
      },
      async (request, reply) => {
        const { booking, created } = await deps.spa.guestBook(request.guestStay!, request.body, request.headers['idempotency-key']);
        return reply.code(created ? 201 : 200).send(booking);
      },
    );

    app.get(
      '/api/v1/stay/spa/bookings',
      { ...guest, schema: { ...guestSchema, summary: "The stay's spa bookings, soonest first", response: { 200: guestBookingsSchema, ...errorResponses } } },
      (request) => deps.spa.guestBookings(request.guestStay!),
    );

    app.post(
      '/api/v1/stay/spa/bookings/:bookingId/cancel',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Cancel a spa booking of the stay',
          description: "Free until `freeCancellationUntil`; later the property's late-cancellation fee is kept. 409 when it is not booked (any more).",
          params: bookingParams,
          response: { 200: spaBookingSchema, ...errorResponses },
        },
      },
      (request) => deps.spa.guestCancel(request.guestStay!, request.params.bookingId),
    );

    app.get(
      `${staffSpa}/treatments`,
      { ...bookers, schema: { ...staffSchema, summary: "The spa's treatments", params: propertyParams, response: { 200: spaCatalogSchema, ...errorResponses } } },
      (request) => deps.spa.catalogForStaff(request.staffProperty!.id),
    );

    app.get(
      `${staffSpa}/availability`,
      {
        ...bookers,
        schema: { ...staffSchema, summary: 'Bookable start times of a treatment on a day', params: propertyParams, querystring: availabilityQuery, response: { 200: availabilitySchema, ...errorResponses } },
      },
      (request) => deps.spa.availability(request.staffProperty!.id, request.query.treatmentId, request.query.date),
    );

    app.get(
      `${staffSpa}/schedule`,
      {
        ...team,
        schema: {
          ...staffSchema,
          summary: "The spa's day per therapist: our bookings merged with the spa system's own (walk-ins included)",
          params: propertyParams,
          querystring: scheduleQuery,
          response: { 200: scheduleSchema, ...errorResponses },
        },
      },
      (request) => deps.spa.schedule(request.staffProperty!.id, request.query.date),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/spa/bookings',
      { ...bookers, schema: { ...staffSchema, summary: "The stay's spa bookings, soonest first (failed attempts left out)", params: stayParams, response: { 200: guestBookingsSchema, ...errorResponses } } },
      (request) => deps.spa.staffBookings(request.staffProperty!.id, request.params.stayId),
    );

    app.post(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/spa/bookings',
      {
        ...bookers,
        schema: {
          ...staffSchema,
          summary: 'Book a treatment for a guest of the stay (idempotent per Idempotency-Key; audit-logged)',
          description: bookDescription,
          params: stayParams,
          headers: idempotencyHeaders,
          body: bookBody,
          response: { 200: spaBookingSchema, 201: spaBookingSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { booking, created } = await deps.spa.staffBook(request.staffProperty!.id, request.params.stayId, request.staff!.id, request.body, request.headers['idempotency-key']);
        return reply.code(created ? 201 : 200).send(booking);
      },
    );

    const staffActions = [
      { action: 'arrived', summary: 'Mark the guest arrived at the spa (audit-logged)', call: deps.spa.markArrived },
      { action: 'no-show', summary: "Mark the guest a no-show; the property's no-show fee is kept (audit-logged)", call: deps.spa.markNoShow },
      { action: 'cancel', summary: "Cancel the booking; inside the window the property's late fee is kept (audit-logged)", call: deps.spa.staffCancel },
    ] as const;
    for (const { action, summary, call } of staffActions) {
      app.post(
        `${staffSpa}/bookings/:bookingId/${action}`,
        { ...team, schema: { ...staffSchema, summary, description: '409 when the booking is not booked (any more).', params: staffBookingParams, response: { 200: spaBookingSchema, ...errorResponses } } },
        (request) => call(request.staffProperty!.id, request.params.bookingId, request.staff!.id),
      );
    }

    const settingsPath = '/api/v1/admin/properties/:propertyId/spa-settings';
    const managers = { preValidation: deps.guards.staff(SETTINGS_MANAGERS) };
    const adminSchema = { tags: ['admin'], security: [{ bearer: [] }], params: propertyParams };
    app.get(
      settingsPath,
      { ...managers, schema: { ...adminSchema, summary: "A property's spa rules: cancellation window, fees, room charges", response: { 200: spaSettingsSchema, ...errorResponses } } },
      (request) => deps.spa.settings(request.staffProperty!.id),
    );
    app.put(
      settingsPath,
      {
        ...managers,
        schema: {
          ...adminSchema,
          summary: "Set a property's spa rules (audit-logged)",
          description: 'Applies to cancellations and no-shows from now on, bookings made before included.',
          body: spaSettingsBody,
          response: { 200: spaSettingsSchema, ...errorResponses },
        },
      },
      (request) => deps.spa.saveSettings(request.staffProperty!.id, request.staff!.id, request.body),
    );
  };
}
