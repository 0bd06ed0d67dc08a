import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AuthGuards } from '../../http/auth-guards.js';
import { errorResponses, propertyParams } from '../../http/schemas.js';
import { idempotencyHeaders } from '../payments/payments.schemas.js';
import {
  availabilityQuery,
  availabilitySchema,
  catalogQuery,
  guestBookingParams,
  scheduleQuery,
  spaBookBody,
  spaBookingSchema,
  spaBookingsSchema,
  spaCatalogSchema,
  spaScheduleSchema,
  spaSettingsSchema,
  staffBookingParams,
  staffStayParams,
} from './spa.schemas.js';
import type { SpaService } from './spa.service.js';

/** Who works the spa's day: its staff and the managers. */
const SPA_STAFF = ['admin', 'manager', 'spa'] as const;
/** Who may book a treatment for a guest: the spa, and the front desk at the desk. */
const SPA_BOOKERS = [...SPA_STAFF, 'front_desk'] as const;
/** Who sets the spa's rules. */
const SPA_MANAGERS = ['admin', 'manager'] as const;

const BOOKED_DESCRIPTION =
  '201: booked (the room charge may still be `pending`: it is retried). 200: this Idempotency-Key was used before; the booking as it is now. ' +
  '409: the time was just taken (`details.slots` is the fresh availability of that treatment and day), or the key was used for another booking. ' +
  '422: the room charge was refused (the booking is cancelled) or the hotel takes no room charges (`body.payment`). 503/504: the spa system did not answer; send the same request again.';

export function spaRoutes(deps: { spa: SpaService; guards: AuthGuards }): FastifyPluginAsyncZod {
  return async (app) => {
    const guest = { preValidation: deps.guards.guest() };
    const guestSchema = { tags: ['guest'], security: [{ bearer: [] }] };
    const staffSchema = { tags: ['staff'], security: [{ bearer: [] }] };
    const spaStaff = { preValidation: deps.guards.staff(SPA_STAFF) };
    const bookingPath = '/api/v1/staff/properties/:propertyId/spa/bookings/:bookingId';

    app.get(
      '/api/v1/stay/spa/catalog',
      { ...guest, schema: { ...guestSchema, summary: "The spa's treatments, in the guest's language", querystring: catalogQuery, response: { 200: spaCatalogSchema, ...errorResponses } } },
      (request) => deps.spa.catalog(request.guestStay!, request.query.language),
    );

    app.get(
      '/api/v1/stay/spa/availability',
      {
        ...guest,
        schema: { ...guestSchema, summary: 'Bookable start times of a treatment on a day of the stay', querystring: availabilityQuery, response: { 200: availabilitySchema, ...errorResponses } },
      },
      (request) => deps.spa.availability(request.guestStay!, request.query.treatmentId, request.query.date),
    );

    app.post(
      '/api/v1/stay/spa/bookings',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Book a treatment for this stay, charged to the room (idempotent per Idempotency-Key)',
          description: BOOKED_DESCRIPTION,
          headers: idempotencyHeaders,
          body: spaBookBody,
          response: { 200: spaBookingSchema, 201: spaBookingSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { booking, created } = await deps.spa.guestBook(request.guestStay!, request.body, request.headers['idempotency-key']);
        return reply.code(created ? 201 : 200).send(booking);
      },
    );

    app.get(
      '/api/v1/stay/spa/bookings',
      { ...guest, schema: { ...guestSchema, summary: "This stay's spa bookings, by start", response: { 200: spaBookingsSchema, ...errorResponses } } },
      (request) => deps.spa.guestBookings(request.guestStay!),
    );

    app.post(
      '/api/v1/stay/spa/bookings/:bookingId/cancel',
      {
        ...guest,
        schema: {
          ...guestSchema,
          summary: 'Cancel a booking of this stay: free outside the cancellation window, the late-cancel fee inside it',
          params: guestBookingParams,
          response: { 200: spaBookingSchema, ...errorResponses },
        },
      },
      (request) => deps.spa.guestCancel(request.guestStay!, request.params.bookingId),
    );

    app.get(
      '/api/v1/staff/properties/:propertyId/spa/schedule',
      {
        ...spaStaff,
        schema: {
          ...staffSchema,
          summary: "The spa's day: bookings made here and in the spa system, by therapist",
          params: propertyParams,
          querystring: scheduleQuery,
          response: { 200: spaScheduleSchema, ...errorResponses },
        },
      },
      (request) => deps.spa.schedule(request.staffProperty!.id, request.query.date),
    );

    const staffActions = [
      { action: 'arrived', summary: 'Mark the guest arrived (audit-logged)', call: deps.spa.markArrived },
      { action: 'no-show', summary: "Mark the guest a no-show; the property's no-show fee is kept of the room charge (audit-logged)", call: deps.spa.markNoShow },
      { action: 'cancel', summary: 'Cancel a booking; inside the window the late-cancel fee is kept (audit-logged)', call: deps.spa.staffCancel },
    ] as const;
    for (const { action, summary, call } of staffActions) {
      app.post(
        `${bookingPath}/${action}`,
        { ...spaStaff, schema: { ...staffSchema, summary, params: staffBookingParams, response: { 200: spaBookingSchema, ...errorResponses } } },
        (request) => call(request.staffProperty!.id, request.params.bookingId, request.staff!.id),
      );
    }

    app.post(
      '/api/v1/staff/properties/:propertyId/stays/:stayId/spa-bookings',
      {
        preValidation: deps.guards.staff(SPA_BOOKERS),
        schema: {
          ...staffSchema,
          summary: 'Book a treatment for a guest at the desk, charged to the room (idempotent per Idempotency-Key; audit-logged)',
          description: BOOKED_DESCRIPTION,
          params: staffStayParams,
          headers: idempotencyHeaders,
          body: spaBookBody,
          response: { 200: spaBookingSchema, 201: spaBookingSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { booking, created } = await deps.spa.staffBook(request.staffProperty!.id, request.params.stayId, request.staff!.id, request.body, request.headers['idempotency-key']);
        return reply.code(created ? 201 : 200).send(booking);
      },
    );

    const settingsPath = '/api/v1/staff/properties/:propertyId/spa/settings';
    const managers = { preValidation: deps.guards.staff(SPA_MANAGERS) };
    app.get(
      settingsPath,
      { ...managers, schema: { ...staffSchema, summary: "The spa's cancellation, fee and room-charge rules", params: propertyParams, response: { 200: spaSettingsSchema, ...errorResponses } } },
      (request) => deps.spa.settings(request.staffProperty!.id),
    );
    app.put(
      settingsPath,
      {
        ...managers,
        schema: { ...staffSchema, summary: "Set the spa's cancellation, fee and room-charge rules (audit-logged)", params: propertyParams, body: spaSettingsSchema, response: { 200: spaSettingsSchema, ...errorResponses } },
      },
      (request) => deps.spa.saveSettings(request.staffProperty!.id, request.body, request.staff!.id),
    );
  };
}
