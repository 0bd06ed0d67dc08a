import { z } from 'zod';
import type { ConciergeTool } from '../../integrations/concierge/concierge.port.js';
import type { Folio } from '../../integrations/pms/pms.port.js';
import { AppError } from '../../lib/errors.js';

/** What a tool answers the model: always an object, `ok: false` with the error when it failed. */
export type ToolResult = { ok: true } & Record<string, unknown> | { ok: false; error: string; issues?: unknown };

/**
 * What the tools may do, each already bound to the token's stay: no tool takes a stay, room or
 * guest from its arguments, so nothing the model writes can point one elsewhere.
 */
export interface StayActions {
  categories: Array<{ code: string; name: string; items: string[] }>;
  createRequest(input: { category: string; items: string[]; note: string | null }): Promise<{ id: string; category: { name: string }; status: string; dueAt: Date }>;
  folio(): Promise<Folio>;
  /** Records a proposal only the guest can confirm (a separate call with its id). */
  propose(tool: string, args: Record<string, unknown>, summary: string): Promise<{ id: string; expiresAt: Date }>;
  handoff(reason: string, summary: string): Promise<void>;
}

interface ToolDefinition<S extends z.ZodType> {
  description: string;
  schema: S;
  run(actions: StayActions, args: z.infer<S>): Promise<ToolResult>;
}

const define = <S extends z.ZodType>(definition: ToolDefinition<S>) => definition;

/** Request categories that only a guest-confirmed proposal may create: the model cannot file them directly. */
const NEEDS_CONFIRMATION = ['late_checkout'];

const HANDOFF_REASONS = ['complaint', 'billing', 'safety', 'medical', 'unsupported', 'guest_request', 'low_confidence'] as const;

/** The tools on offer for a stay. Spa tools join when the spa module lands (the issue: capabilities not landed are not offered). */
function toolsFor(allCategories: StayActions['categories']) {
  const categories = allCategories.filter((category) => !NEEDS_CONFIRMATION.includes(category.code));
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
        return { ok: true, request: { id: request.id, category: request.category.name, status: request.status, dueAt: request.dueAt.toISOString() } };
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
        const summary = `Late check-out at ${args.time}`;
        const proposal = await actions.propose('request_late_checkout', args, summary);
        return { ok: true, status: 'awaiting_guest_confirmation', proposalId: proposal.id, summary, expiresAt: proposal.expiresAt.toISOString() };
      },
    }),
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

export type ToolName = keyof ReturnType<typeof toolsFor>;

/** The tool list for the port: JSON Schemas made from the same zod schemas that check the arguments. */
export function describeTools(categories: StayActions['categories']): ConciergeTool[] {
  return Object.entries(toolsFor(categories)).map(([name, tool]) => ({
    name,
    description: tool.description,
    parameters: z.toJSONSchema(tool.schema, { target: 'draft-2020-12' }) as Record<string, unknown>,
  }));
}

/**
 * Runs one tool call the model proposed. Unknown tools, unparsable or invalid arguments and the
 * tool's own refusals come back as `ok: false` results for the model to recover from; only an
 * unexpected failure (a bug, the database gone) is thrown.
 */
export async function runTool(actions: StayActions, name: string, rawArguments: string): Promise<ToolResult> {
  const tools = toolsFor(actions.categories) as Record<string, ToolDefinition<z.ZodType>>;
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
