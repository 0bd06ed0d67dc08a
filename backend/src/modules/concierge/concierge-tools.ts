import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ConciergeTool } from '../../integrations/concierge/concierge.port.js';
import type { Folio } from '../../integrations/pms/pms.port.js';
import type { Slot, Treatment } from '../../integrations/spa/spa.port.js';
import { AppError } from '../../lib/errors.js';
import type { BookInput } from '../spa/spa.schemas.js';
import { isoDate } from '../stays/stays.schemas.js';
import type { ToolPhrases } from './tool-phrases.js';

/** What a tool answers the model: always an object, `ok: false` with the error when it failed. */
export type ToolResult = ({ ok: true } | { ok: false; error: string }) & Record<string, unknown>;

export type SpaPayment = BookInput['payment'];

/** The spa as the tools reach it, for this stay. */
export interface SpaActions {
  /** How the stay may pay (room bill, card on file), best first; booking is offered only when there is a way. */
  payments: SpaPayment[];
  treatments(): Promise<Treatment[]>;
  availability(treatmentId: string, date: string): Promise<Slot[]>;
}

/**
 * What the tools may do, each already bound to the token's stay: no tool takes a stay, room or
 * guest from its arguments, so nothing the model writes can point one elsewhere.
 */
export interface StayActions {
  /** The guest's language and the hotel's zone: what the tools' summaries are written in. */
  say: ToolPhrases;
  timeZone: string;
  /** Days the spa may be booked for: today at the hotel (or the arrival, if later) to the departure. */
  days: { from: string; to: string };
  categories: Array<{ code: string; name: string; items: string[] }>;
  createRequest(input: { category: string; items: string[]; note: string | null }): Promise<{ id: string; category: { name: string }; status: string; dueAt: Date }>;
  folio(): Promise<Folio>;
  /** Null where the hotel has no spa: no spa tool is offered. */
  spa: SpaActions | null;
  /** Records a proposal only the guest can confirm (a separate call with its id). */
  propose(tool: string, args: Record<string, unknown>, summary: string): Promise<{ id: string; expiresAt: Date }>;
  handoff(reason: string, summary: string): Promise<void>;
}

/** What decides which tools are offered and their argument schemas. */
export type ToolOffer = Pick<StayActions, 'categories'> & { spa: Pick<SpaActions, 'payments'> | null };

interface ToolDefinition<S extends z.ZodType> {
  description: string;
  schema: S;
  run(actions: StayActions, args: z.infer<S>): Promise<ToolResult>;
}

const define = <S extends z.ZodType>(definition: ToolDefinition<S>) => definition;

/** Request categories that only a guest-confirmed proposal may create: the model cannot file them directly. */
const NEEDS_CONFIRMATION = ['late_checkout'];

const HANDOFF_REASONS = ['complaint', 'billing', 'safety', 'medical', 'unsupported', 'guest_request', 'low_confidence'] as const;

/** Free start times given to the model per treatment and in all: a spa's day to choose from, bounded in tokens. */
const TIMES_PER_TREATMENT = 24;
const TIMES_IN_ALL = 60;

/** A treatment's free times, earliest first, each with the therapists free then (several share a time). */
function freeTimes(treatment: Treatment, slots: Slot[]) {
  const byStart = Map.groupBy([...slots].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt)), (slot) => slot.startsAt);
  return [...byStart].slice(0, TIMES_PER_TREATMENT).map(([start, same]) => ({
    service_id: treatment.id,
    name: treatment.name,
    start,
    therapists: same.flatMap((slot) => (slot.therapist ? [slot.therapist] : [])),
  }));
}

const slotText = (treatment: Treatment, startsAt: string, therapist: string | null) => ({
  treatment: treatment.name,
  durationMinutes: treatment.durationMinutes,
  price: treatment.price,
  startsAt,
  therapist,
});

async function treatmentNamed(spa: SpaActions, serviceId: string): Promise<Treatment> {
  const treatment = (await spa.treatments()).find((candidate) => candidate.id === serviceId);
  if (!treatment) throw new AppError('not_found', `unknown_service: ${serviceId}; list_spa_services names them`);
  return treatment;
}

function assertStayDay(actions: StayActions, date: string) {
  if (date < actions.days.from || date > actions.days.to) throw new AppError('validation_failed', `outside_stay: the spa can be booked from ${actions.days.from} to ${actions.days.to}`);
}

/** The spa tools: reading the menu and free times, and proposing a booking the guest confirms. */
function spaTools(offer: NonNullable<ToolOffer['spa']>) {
  const read = {
    list_spa_services: define({
      description: "The spa's treatments: id, name, duration and price. Never invent treatments, prices or times: use these tools.",
      schema: z.strictObject({}),
      async run(actions) {
        const treatments = await actions.spa!.treatments();
        return {
          ok: true,
          treatments: treatments.map((treatment) => ({
            service_id: treatment.id,
            name: treatment.name,
            category: treatment.category,
            duration_minutes: treatment.durationMinutes,
            price: actions.say.price(treatment.price),
            description: treatment.description,
          })),
          payments: actions.spa!.payments,
        };
      },
    }),
    get_spa_availability: define({
      description: 'Free spa appointments on a day of the stay, per treatment (all treatments when service_id is null), with the times to offer the guest.',
      schema: z.strictObject({
        date: isoDate.describe("YYYY-MM-DD, a day of the guest's stay"),
        service_id: z.string().min(1).max(100).nullable().describe('A treatment id from list_spa_services; null for every treatment'),
      }),
      async run(actions, args) {
        assertStayDay(actions, args.date);
        const spa = actions.spa!;
        const treatments = args.service_id ? [await treatmentNamed(spa, args.service_id)] : await spa.treatments();
        const found = await Promise.all(treatments.map(async (treatment) => ({ treatment, times: freeTimes(treatment, await spa.availability(treatment.id, args.date)) })));
        const times = found.flatMap((entry) => entry.times).slice(0, TIMES_IN_ALL);
        const named = new Map(treatments.map((treatment) => [treatment.id, treatment]));
        return {
          ok: true,
          date: args.date,
          times,
          summary: actions.say.freeTimes(args.date, times.map((time) => slotText(named.get(time.service_id)!, time.start, null))),
        };
      },
    }),
  };
  if (offer.payments.length === 0) return read;
  return {
    ...read,
    book_spa: define({
      description:
        'Propose booking a free spa time the guest chose (from get_spa_availability). This only proposes it: the guest confirms in the app before it is booked; tell them so. ' +
        `Payment: ${offer.payments.join(' or ')}${offer.payments.includes('room') ? ' (room = on the room bill)' : ''}; ask the guest when more than one is possible.`,
      schema: z.strictObject({
        service_id: z.string().min(1).max(100).describe('The treatment id'),
        start: z.iso.datetime({ offset: true }).describe('The free time chosen, exactly as get_spa_availability gave it'),
        therapist_id: z.string().min(1).max(100).nullable().describe('Only when the guest asked for this therapist; null for anyone'),
        payment: z.enum(offer.payments as [SpaPayment, ...SpaPayment[]]),
        notes: z.string().min(1).max(500).nullable().describe('For the therapist (pressure, allergies), in the guest\'s words; null when none'),
      }),
      async run(actions, args) {
        const spa = actions.spa!;
        const treatment = await treatmentNamed(spa, args.service_id);
        const date = DateTime.fromISO(args.start, { zone: actions.timeZone }).toISODate()!;
        assertStayDay(actions, date);
        const free = await spa.availability(treatment.id, date);
        const slot = free.find((candidate) => Date.parse(candidate.startsAt) === Date.parse(args.start) && (args.therapist_id === null || candidate.therapist?.id === args.therapist_id));
        if (!slot) return { ok: false, error: 'slot_not_free: that time is not free; offer one of the alternatives', alternatives: freeTimes(treatment, free).slice(0, 6) };
        const proposal = actions.say.booking(slotText(treatment, slot.startsAt, args.therapist_id === null ? null : (slot.therapist?.name ?? null)), args.payment);
        const proposed = await actions.propose('book_spa', { ...args, start: slot.startsAt }, proposal);
        return { ok: true, status: 'awaiting_guest_confirmation', proposalId: proposed.id, summary: actions.say.toConfirm(proposal), expiresAt: proposed.expiresAt.toISOString() };
      },
    }),
  };
}

/** The tools on offer for a stay: spa tools only where the hotel has a spa (a capability not there is not offered). */
function toolsFor(offer: ToolOffer) {
  const categories = offer.categories.filter((category) => !NEEDS_CONFIRMATION.includes(category.code));
  const codes = categories.map((category) => category.code);
  return {
    create_service_request: define({
      description:
        'Ask the hotel for something for the guest\'s room: towels, amenities, cleaning, a repair, a wake-up call, a taxi, a table. ' +
        `Categories: ${categories.map((category) => `${category.code} (${category.name}${category.items.length > 0 ? `; items: ${category.items.join(', ')}` : ''})`).join('; ')}.`,
      schema: z.strictObject({
        category: z.enum(codes.length > 0 ? (codes as [string, ...string[]]) : ['none']).describe('A category code'),
        items: z.array(z.string().min(1).max(80)).max(10).describe("Picked from the category's items; empty when it has none"),
        note: z.string().min(1).max(1000).nullable().describe('What exactly, in the guest\'s words; null when nothing to add'),
      }),
      async run(actions, args) {
        const request = await actions.createRequest(args);
        return {
          ok: true,
          request: { id: request.id, category: request.category.name, status: request.status, dueAt: request.dueAt.toISOString() },
          summary: actions.say.requestPlaced(request.category.name),
        };
      },
    }),
    get_folio: define({
      description: "The guest's bill so far: its lines and the balance, in minor units of its currency.",
      schema: z.strictObject({}),
      async run(actions) {
        const folio = await actions.folio();
        return {
          ok: true,
          currency: folio.currency,
          balanceMinor: folio.balanceMinor,
          lines: folio.lines.map((line) => ({ date: line.date, description: line.description, amountMinor: line.amountMinor, kind: line.kind })),
          complete: folio.complete,
        };
      },
    }),
    request_late_checkout: define({
      description:
        'Ask the front desk for a later check-out. This only proposes it: the guest confirms in the app before it is sent; tell them so.',
      schema: z.strictObject({ time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM').describe("The check-out time wanted, HH:MM in the hotel's time") }),
      async run(actions, args) {
        const proposal = actions.say.lateCheckout(args.time);
        const proposed = await actions.propose('request_late_checkout', args, proposal);
        return { ok: true, status: 'awaiting_guest_confirmation', proposalId: proposed.id, summary: actions.say.toConfirm(proposal), expiresAt: proposed.expiresAt.toISOString() };
      },
    }),
    ...(offer.spa && spaTools(offer.spa)),
    handoff_to_person: define({
      description: 'Hand the conversation to a member of staff: complaints, billing disputes, safety, medical matters, anything you cannot do, or when the guest asks for a person.',
      schema: z.strictObject({ reason: z.enum(HANDOFF_REASONS), summary: z.string().min(1).max(500).describe('What the guest needs, for staff') }),
      async run(actions, args) {
        await actions.handoff(args.reason, args.summary);
        return { ok: true, status: 'handed_to_person' };
      },
    }),
  };
}

/**
 * The tool list for the port: JSON Schemas made from the same zod schemas that check the arguments.
 * Strict function calling wants `required` to list every property, also none (zod leaves it out).
 */
export function describeTools(offer: ToolOffer): ConciergeTool[] {
  return Object.entries(toolsFor(offer)).map(([name, tool]) => ({
    name,
    description: tool.description,
    parameters: { required: [], ...z.toJSONSchema(tool.schema, { target: 'draft-2020-12' }) },
  }));
}

/**
 * Runs one tool call the model proposed. Unknown tools, unparsable or invalid arguments and the
 * tool's own refusals come back as `ok: false` results for the model to recover from; only an
 * unexpected failure (a bug, the database gone) is thrown.
 */
export async function runTool(actions: StayActions, name: string, rawArguments: string): Promise<ToolResult> {
  const tools = toolsFor(actions) as Record<string, ToolDefinition<z.ZodType>>;
  const tool = Object.hasOwn(tools, name) ? tools[name] : undefined;
  if (!tool) return { ok: false, error: `unknown_tool: ${name}` };
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(rawArguments || '{}');
  } catch {
    return { ok: false, error: 'invalid_arguments: not JSON' };
  }
  const parsed = tool.schema.safeParse(parsedJson);
  if (!parsed.success) {
    return { ok: false, error: 'invalid_arguments', issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
  }
  try {
    return await tool.run(actions, parsed.data);
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return { ok: false, error: `${error.code}: ${error.message}` };
    if (error instanceof AppError && error.code.startsWith('integration_')) return { ok: false, error: 'unavailable: the hotel system did not answer; try again later or hand off.' };
    throw error;
  }
}
