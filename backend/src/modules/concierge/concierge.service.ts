import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Database, Executor } from '../../db/client.js';
import type { RealtimeEventType } from '../../domain/realtime-event-types.js';
import type { ConciergeMessage, ConciergePort, Sentiment, ToolCall } from '../../integrations/concierge/concierge.port.js';
import type { Folio } from '../../integrations/pms/pms.port.js';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { lazy } from '../../lib/lazy.js';
import { guestLanguageOf, type GuestLanguage } from '../../lib/languages.js';
import type { PublishEvent } from '../../realtime/publish-event.js';
import type { PublishTransient } from '../../realtime/publish-transient.js';
import { auditActor, type Actor } from '../audit/actor.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { StaffPrincipal } from '../auth/staff.repository.js';
import type { RequestsService } from '../requests/requests.service.js';
import type { SpaService } from '../spa/spa.service.js';
import type { StayView } from '../stays/stays.repository.js';
import { personAnswersFrom } from './business-hours.js';
import { cardSafeText } from './card-safe-text.js';
import { conciergeFacts, conciergePlace } from './concierge-facts.js';
import { conciergeNote } from './concierge-notes.js';
import { describeTools, runTool, type SpaPayment, type StayActions, type ToolResult } from './concierge-tools.js';
import type { ConciergeRepository, ConversationRow, InboxFilter, MessageRow, PlaceRow, ProposalRow, SettingsRow } from './concierge.repository.js';
import { HUMAN_TOPICS, humanTopicOf, type HumanTopic } from './human-topics.js';
import { costMicroUsd } from './model-cost.js';
import { toolPhrases, type ToolPhrases } from './tool-phrases.js';

/** Model rounds per guest message: an answer may call tools, read their results and call again, this often at most. */
export const MAX_TOOL_ROUNDS = 4;
/** Messages of history the model sees: enough for a conversation's thread, bounded in tokens. */
const HISTORY_LIMIT = 20;
/** A proposal the guest has not confirmed in this long lapses; the AI can propose again. */
const PROPOSAL_TTL_MS = 60 * 60_000;

export type ConciergeMode = 'off' | 'suggest' | 'auto';

export interface ConciergeSettings {
  mode: ConciergeMode;
  humanTopics: HumanTopic[];
  businessHours: { start: string; end: string } | null;
  alertThreshold: number;
  maxAiMessagesPerStay: number;
  maxCostMicroUsdPerStay: number;
}

export interface PlaceInput {
  name: string;
  category: string;
  description: string;
  hours: string | null;
  distanceMeters: number | null;
}

const DEFAULT_SETTINGS: ConciergeSettings = {
  mode: 'auto',
  humanTopics: [...HUMAN_TOPICS],
  businessHours: null,
  alertThreshold: -0.5,
  maxAiMessagesPerStay: 60,
  maxCostMicroUsdPerStay: 500_000,
};

function settingsOf(row: SettingsRow | undefined): ConciergeSettings {
  if (!row) return DEFAULT_SETTINGS;
  return {
    mode: row.mode,
    humanTopics: row.humanTopics.filter((topic): topic is HumanTopic => (HUMAN_TOPICS as readonly string[]).includes(topic)),
    businessHours: row.businessHoursStart && row.businessHoursEnd ? { start: row.businessHoursStart, end: row.businessHoursEnd } : null,
    alertThreshold: row.alertThreshold,
    maxAiMessagesPerStay: row.maxAiMessagesPerStay,
    maxCostMicroUsdPerStay: row.maxCostMicroUsdPerStay,
  };
}

/** Realtime event types. Messages and "a person joined" carry the stay (its guest sees them); the rest are staff-only. */
const EVENTS = {
  message: 'concierge.message',
  personJoined: 'concierge.person_joined',
  proposal: 'concierge.proposal',
  draft: 'concierge.draft',
  updated: 'concierge.updated',
  alert: 'concierge.alert',
  delta: 'concierge.delta',
} as const;

/**
 * Scores and thresholds kept to three decimals: all the precision they carry, and a `real` column
 * cannot store a magnitude as tiny as 1e-100 (PostgreSQL refuses it as an underflow).
 */
const score3 = (value: number) => Math.round(value * 1000) / 1000;

async function sentimentOf(port: ConciergePort, text: string, language: GuestLanguage): Promise<Sentiment> {
  const answered = await port.sentiment(text, language);
  return { ...answered, score: score3(answered.score) };
}

/** The stay's mood: each new score weighs half, so it follows the guest's latest messages. */
const moodAfter = (mood: number | null, score: number) => (mood === null ? score : score3((mood + score) / 2));

const isProviderFailure = (error: unknown) => error instanceof AppError && error.code.startsWith('integration_');
const conversationNotFound = () => new AppError('not_found', 'No such conversation at this property.');

type StoredCall = ToolCall & { result: ToolResult };

/**
 * A stored message as the model sees it again. An AI answer brings back its tool calls and their
 * results, so a later message can act on them (the guest picks one of the free spa times it was
 * given); staff replies are the hotel speaking too; system notes are for the guest only.
 */
function threadMessages(row: MessageRow): ConciergeMessage[] {
  if (row.author === 'guest') return [{ role: 'user', content: row.text }];
  if (row.author === 'system') return [];
  const calls = row.author === 'ai' ? (row.toolCalls as StoredCall[]) : [];
  const tools: ConciergeMessage[] =
    calls.length === 0
      ? []
      : [
          { role: 'assistant', content: null, toolCalls: calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })) },
          ...calls.map((call): ConciergeMessage => ({ role: 'tool', toolCallId: call.id, content: JSON.stringify(call.result) })),
        ];
  return [...tools, { role: 'assistant', content: row.text }];
}

/** What the guest sees of a message: no sentiment, tool calls, cost or drafts. */
function guestMessage(row: MessageRow) {
  return { id: row.id, author: row.author, text: row.text, createdAt: row.createdAt };
}

function staffMessage(row: MessageRow & { staffName: string | null }) {
  return {
    id: row.id,
    author: row.author,
    state: row.state,
    text: row.text,
    language: row.language,
    staff: row.staffId ? { id: row.staffId, name: row.staffName ?? '' } : null,
    sentiment: row.sentimentScore === null ? null : { score: row.sentimentScore, label: row.sentimentLabel },
    sources: row.sources as string[],
    toolCalls: row.toolCalls as Array<{ id: string; name: string; arguments: string; result: unknown }>,
    usage: row.model === null ? null : { model: row.model, promptTokens: row.promptTokens ?? 0, completionTokens: row.completionTokens ?? 0, costMicroUsd: row.costMicroUsd ?? 0 },
    createdAt: row.createdAt,
  };
}

function proposalView(row: ProposalRow) {
  return { id: row.id, tool: row.tool, summary: row.summary, status: row.status, expiresAt: row.expiresAt, result: row.result as ToolResult | null };
}

function conversationView(row: ConversationRow) {
  return {
    id: row.id,
    stayId: row.stayId,
    status: row.status,
    handoffReason: row.handoffReason,
    assignedStaffId: row.assignedStaffId,
    guestUnread: row.guestUnread,
    staffUnread: row.staffUnread,
    mood: row.mood,
    aiMessages: row.aiMessages,
    costMicroUsd: row.costMicroUsd,
    lastMessageAt: row.lastMessageAt,
  };
}

export function createConciergeService(deps: {
  db: Database;
  repository: ConciergeRepository;
  /** The property's concierge provider (the integration manager's `concierge` kind). */
  concierge: (propertyId: string) => Promise<ConciergePort>;
  requests: Pick<RequestsService, 'createForGuest' | 'categoriesForGuest'>;
  folio: (stay: StayView) => Promise<Folio>;
  spa: Pick<SpaService, 'catalogForGuest' | 'availability' | 'guestBook' | 'paymentOptions'>;
  audit: AuditRepository;
  publish: PublishEvent;
  publishTransient: PublishTransient;
  clock: Clock;
}) {
  const repo = deps.repository;

  async function settings(propertyId: string) {
    return settingsOf(await repo.settings(propertyId));
  }

  async function languages(stay: StayView) {
    const property = await repo.property(stay.propertyId);
    const defaultLanguage = guestLanguageOf(property.defaultLanguage) ?? 'en';
    return { property, defaultLanguage, language: stay.guest.language ?? defaultLanguage };
  }

  const stayEvent = (tx: Executor, conversation: Pick<ConversationRow, 'propertyId' | 'stayId'>, type: RealtimeEventType, subjectId: string) =>
    deps.publish(tx, { propertyId: conversation.propertyId, stayId: conversation.stayId, department: 'concierge', type, subjectId });
  const staffEvent = (tx: Executor, propertyId: string, type: RealtimeEventType, subjectId: string) =>
    deps.publish(tx, { propertyId, department: 'concierge', type, subjectId });

  /** A message to the guest: stored, counted unread for them, announced. */
  async function addSent(tx: Executor, conversation: ConversationRow, message: { author: 'ai' | 'staff' | 'system'; text: string; language: string; staffId: string | null }) {
    const stored = await repo.insertMessage({ ...message, propertyId: conversation.propertyId, conversationId: conversation.id, state: 'sent' }, tx);
    await repo.countMessage(conversation.id, { guestUnread: 1, at: deps.clock.now() }, tx);
    await stayEvent(tx, conversation, EVENTS.message, stored!.id);
    return stored!;
  }

  /**
   * Moves a conversation the AI holds to "waiting for a person", telling the guest when a person
   * answers and staff why. One that already waits or is with a person stays as it is.
   */
  async function handOff(tx: Executor, conversationId: string, reason: string, language: GuestLanguage, timeZone: string, hours: ConciergeSettings['businessHours']) {
    const conversation = await repo.lockConversation(conversationId, tx);
    if (conversation.status !== 'ai') return false;
    await repo.updateConversation(conversation.id, { status: 'waiting_for_person', handoffReason: reason }, tx);
    const from = personAnswersFrom(hours, timeZone, deps.clock.now());
    const text = from ? conciergeNote('personFrom', language, from) : conciergeNote('personSoon', language);
    await addSent(tx, conversation, { author: 'system', text, language, staffId: null });
    await staffEvent(tx, conversation.propertyId, EVENTS.updated, conversation.id);
    return true;
  }

  /**
   * Moderation, then sentiment, then the property's rules: why the message must go to a person
   * (null when the AI may answer). A provider that cannot be reached sends it to a person too.
   */
  async function assess(propertyId: string, text: string, language: GuestLanguage, rules: ConciergeSettings) {
    const topic = humanTopicOf(text, rules.humanTopics);
    try {
      const port = await deps.concierge(propertyId);
      const moderation = await port.moderate(text);
      // Flagged text goes no further towards a model: sentiment is a model call too.
      if (moderation.flagged) return { port, sentiment: null, reason: `moderation: ${moderation.categories.join(', ') || 'flagged'}`, alert: true };
      const sentiment = await sentimentOf(port, text, language);
      const low = sentiment.score < rules.alertThreshold;
      const reason = topic ?? (sentiment.needsPerson ? (sentiment.reason ?? 'guest_request') : low ? 'low_sentiment' : null);
      return { port, sentiment, reason, alert: reason !== null };
    } catch (error) {
      if (!isProviderFailure(error)) throw error;
      return { port: null, sentiment: null, reason: topic ?? 'assistant_unavailable', alert: topic !== null };
    }
  }

  function assertWithinCaps(conversation: ConversationRow, rules: ConciergeSettings) {
    const overMessages = conversation.aiMessages >= rules.maxAiMessagesPerStay;
    const overCost = conversation.costMicroUsd >= rules.maxCostMicroUsdPerStay;
    if (!overMessages && !overCost) return;
    throw new AppError('rate_limited', 'Our digital concierge has answered all it can for this stay. A member of our team can take over: ask for a person.', {
      details: { cap: overMessages ? 'messages' : 'cost', offerPerson: true, personUrl: '/api/v1/stay/concierge/person' },
    });
  }

  /** What the guest sees after posting: their message and whatever came after it. */
  async function answerTo(conversationId: string, message: MessageRow) {
    const after = await repo.messages(conversationId, { sentOnly: true, afterMessageId: message.id });
    return { message: guestMessage(message), replies: after.map(guestMessage) };
  }

  /** The tools' powers, each bound to this stay. */
  async function actionsFor(stay: StayView, conversation: ConversationRow, messageId: string, language: GuestLanguage, timeZone: string, rules: ConciergeSettings): Promise<StayActions> {
    const [categories, payments] = await Promise.all([deps.requests.categoriesForGuest(stay, language), deps.spa.paymentOptions(stay)]);
    const today = DateTime.fromJSDate(deps.clock.now(), { zone: timeZone }).toISODate()!;
    return {
      say: toolPhrases(language, timeZone),
      timeZone,
      days: { from: today > stay.arrivalDate ? today : stay.arrivalDate, to: stay.departureDate },
      categories: categories.map(({ code, name, items }) => ({ code, name, items })),
      createRequest: (input) => deps.requests.createForGuest(stay, { category: input.category, items: input.items, note: input.note ?? undefined }),
      folio: () => deps.folio(stay),
      spa: payments && {
        payments,
        // Once per answer: listing, checking times and proposing in the same answer read one catalog.
        treatments: lazy(async () => (await deps.spa.catalogForGuest(stay)).treatments),
        availability: async (treatmentId, date) => (await deps.spa.availability(stay.propertyId, treatmentId, date)).slots,
      },
      propose: (tool, args, summary) =>
        deps.db.transaction(async (tx) => {
          const proposal = await repo.insertProposal(
            { propertyId: stay.propertyId, stayId: stay.id, conversationId: conversation.id, messageId, tool, arguments: args, summary, expiresAt: new Date(deps.clock.now().getTime() + PROPOSAL_TTL_MS) },
            tx,
          );
          await stayEvent(tx, conversation, EVENTS.proposal, proposal.id);
          return proposal;
        }),
      handoff: async (reason, summary) => {
        await deps.db.transaction(async (tx) => {
          if (await handOff(tx, conversation.id, `${reason}: ${summary}`, language, timeZone, rules.businessHours)) await staffEvent(tx, stay.propertyId, EVENTS.alert, conversation.id);
        });
      },
    };
  }

  /**
   * One answer: up to MAX_TOOL_ROUNDS model rounds, each tool call validated and run on this
   * stay only, its result (or error) given back to the model. In auto mode the text streams to the
   * guest as transient deltas, then the stored message is announced; in suggest mode it is a draft.
   */
  async function answer(stay: StayView, conversation: ConversationRow, port: ConciergePort, rules: ConciergeSettings) {
    const { property, defaultLanguage, language } = await languages(stay);
    const facts = conciergeFacts(property.hotelFacts, language, defaultLanguage);
    const places = (await repo.places(stay.propertyId)).map(conciergePlace);
    const known = new Set([...facts, ...places].map((source) => source.id));
    const context = {
      hotelName: property.name,
      timeZone: property.timeZone,
      now: DateTime.fromJSDate(deps.clock.now(), { zone: property.timeZone }).toISO()!,
      facts,
      places,
      guest: { firstName: stay.guest.firstName, language, room: stay.room, arrivalDate: stay.arrivalDate, departureDate: stay.departureDate },
    };
    const history = (await repo.messages(conversation.id, { sentOnly: true })).slice(-HISTORY_LIMIT);
    const thread = history.flatMap(threadMessages);
    const messageId = randomUUID();
    const actions = await actionsFor(stay, conversation, messageId, language, property.timeZone, rules);
    const tools = describeTools(actions);
    const streams = rules.mode === 'auto';
    const calls: StoredCall[] = [];
    const sources = new Set<string>();
    const usage = { promptTokens: 0, completionTokens: 0, costMicroUsd: 0, model: '' };
    let text = '';
    const shown = cardSafeText();
    const stream = async (delta: string) => {
      if (streams && delta) await deps.publishTransient(deps.db, { stayId: stay.id, type: EVENTS.delta, data: { messageId, delta } });
    };
    for (let round = 1; ; round += 1) {
      const proposed: ToolCall[] = [];
      let roundText = '';
      for await (const event of port.turn({ context, messages: thread, tools })) {
        if (event.type === 'text') {
          roundText += event.delta;
          await stream(shown.push(event.delta));
        } else if (event.type === 'tool_call') {
          proposed.push(event.call);
        } else {
          usage.promptTokens += event.usage.promptTokens;
          usage.completionTokens += event.usage.completionTokens;
          usage.costMicroUsd += costMicroUsd(event.usage);
          usage.model = event.usage.model;
          for (const source of event.sources) if (known.has(source)) sources.add(source);
        }
      }
      text += roundText;
      if (proposed.length === 0) break;
      if (round === MAX_TOOL_ROUNDS) {
        // The last round's calls are not run: the turn ends here whatever the model wanted.
        for (const call of proposed) calls.push({ ...call, result: { ok: false, error: 'tool_limit: too many tool rounds in one answer' } });
        break;
      }
      thread.push({ role: 'assistant', content: roundText || null, toolCalls: proposed });
      for (const call of proposed) {
        const result = await runTool(actions, call.name, call.arguments);
        calls.push({ ...call, result });
        thread.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify(result) });
      }
    }
    await stream(shown.end());
    // An answer holding a card number (an injected instruction's work) is never stored or sent: a person takes over.
    if (shown.blocked) text = conciergeNote('answerWithheld', language);
    if (!text.trim()) text = conciergeNote('personSoon', language);
    await deps.db.transaction(async (tx) => {
      await repo.insertMessage(
        {
          id: messageId,
          propertyId: stay.propertyId,
          conversationId: conversation.id,
          author: 'ai',
          state: streams ? 'sent' : 'draft',
          text,
          language,
          sources: [...sources],
          toolCalls: calls,
          promptTokens: usage.promptTokens,
          completionTokens: usage.completionTokens,
          costMicroUsd: usage.costMicroUsd,
          model: usage.model || null,
        },
        tx,
      );
      await repo.countMessage(conversation.id, { aiMessages: 1, costMicroUsd: usage.costMicroUsd, guestUnread: streams ? 1 : 0, staffUnread: streams ? 0 : 1, at: deps.clock.now() }, tx);
      if (streams) await stayEvent(tx, conversation, EVENTS.message, messageId);
      else await staffEvent(tx, stay.propertyId, EVENTS.draft, messageId);
      if (shown.blocked && (await handOff(tx, conversation.id, 'answer_withheld: card number', language, property.timeZone, rules.businessHours))) {
        await staffEvent(tx, stay.propertyId, EVENTS.alert, conversation.id);
      }
    });
  }

  async function staffConversation(propertyId: string, conversationId: string) {
    const conversation = await repo.conversation(propertyId, conversationId);
    if (!conversation) throw conversationNotFound();
    return conversation;
  }

  async function languageOfConversation(conversation: ConversationRow) {
    const last = (await repo.messages(conversation.id, { sentOnly: true })).findLast((row) => row.author === 'guest');
    const property = await repo.property(conversation.propertyId);
    return guestLanguageOf(last?.language) ?? guestLanguageOf(property.defaultLanguage) ?? 'en';
  }

  /** Staff take a conversation: a person joins, the guest is told (once), the audit log records it. */
  async function takeOverIn(tx: Executor, conversationId: string, staff: StaffPrincipal, language: GuestLanguage) {
    const conversation = await repo.lockConversation(conversationId, tx);
    if (conversation.status === 'with_person' && conversation.assignedStaffId === staff.id) return conversation;
    const joined = conversation.status !== 'with_person';
    const updated = await repo.updateConversation(conversation.id, { status: 'with_person', assignedStaffId: staff.id }, tx);
    await deps.audit.record(
      { propertyId: conversation.propertyId, actorType: 'staff', actorId: staff.id, action: 'concierge.taken_over', subjectType: 'conversation', subjectId: conversation.id, details: { from: conversation.status, previousStaffId: conversation.assignedStaffId } },
      tx,
    );
    if (joined) {
      await addSent(tx, conversation, { author: 'system', text: conciergeNote('personJoined', language), language, staffId: null });
      await stayEvent(tx, conversation, EVENTS.personJoined, conversation.id);
    }
    await staffEvent(tx, conversation.propertyId, EVENTS.updated, conversation.id);
    return updated;
  }

  const audited = (tx: Executor, propertyId: string, actor: Actor, action: string, subjectType: string, subjectId: string, details: Record<string, unknown>) =>
    deps.audit.record({ propertyId, ...auditActor(actor), action, subjectType, subjectId, details }, tx);

  /**
   * What confirming a proposal does, per tool, with the `summary` the guest reads in the chat: a
   * late check-out is a front-desk request; a spa booking is booked once per proposal (its id is
   * the booking's request key, so confirming again after an outage carries on the same booking).
   * A refusal is a result, not an error: the guest's confirmation was taken, and the chat says why.
   */
  const confirmers: Record<string, (stay: StayView, proposal: ProposalRow, say: ToolPhrases) => Promise<ToolResult>> = {
    async request_late_checkout(stay, proposal, say) {
      const time = String((proposal.arguments as { time: string }).time);
      const request = await deps.requests.createForGuest(stay, { category: 'late_checkout', note: `Late check-out at ${time}, asked through the concierge.` });
      return { ok: true, requestId: request.id, status: request.status, summary: say.requestPlaced(request.category.name) };
    },
    async book_spa(stay, proposal, say) {
      const args = proposal.arguments as { service_id: string; start: string; therapist_id: string | null; payment: SpaPayment; notes: string | null };
      const input = { treatmentId: args.service_id, startsAt: args.start, therapistId: args.therapist_id ?? undefined, payment: args.payment, notes: args.notes ?? undefined };
      try {
        const { booking } = await deps.spa.guestBook(stay, input, `concierge:${proposal.id}`);
        if (booking.status === 'failed') return { ok: false, error: `not_booked: ${booking.failureReason ?? 'the spa refused it'}`, summary: say.notBooked(proposal.summary) };
        return { ok: true, bookingId: booking.id, status: booking.status, summary: say.booked(proposal.summary) };
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        return { ok: false, error: `${error.code}: ${error.message}`, summary: say.notBooked(proposal.summary) };
      }
    },
  };

  return {
    settings,

    /** The guest's conversation: status, when a person answers, messages and open proposals. */
    async guestConversation(stay: StayView) {
      const conversation = await repo.conversationOfStay(stay.id);
      const rules = await settings(stay.propertyId);
      const { property } = await languages(stay);
      const messages = conversation ? await repo.messages(conversation.id, { sentOnly: true }) : [];
      return {
        status: conversation?.status ?? 'ai',
        mode: rules.mode,
        guestUnread: conversation?.guestUnread ?? 0,
        personAnswersFrom: personAnswersFrom(rules.businessHours, property.timeZone, deps.clock.now()),
        messages: messages.map(guestMessage),
        proposals: (await repo.openProposals(stay.id, deps.clock.now(), 'guest')).map(proposalView),
      };
    },

    /**
     * A guest message. Stored once per client message id (a retry gets the stored answer back);
     * then moderation, sentiment and the property's rules decide whether a person or the AI answers.
     */
    async postGuestMessage(stay: StayView, input: { text: string; clientMessageId: string }) {
      const conversation = await repo.ensureConversation(stay.propertyId, stay.id);
      const again = await repo.messageByClientId(conversation.id, input.clientMessageId);
      if (again) return answerTo(conversation.id, again);
      if (['checked_out', 'cancelled', 'no_show'].includes(stay.status)) throw new AppError('conflict', 'This stay is closed; the chat has ended.');
      const rules = await settings(stay.propertyId);
      const { property, language } = await languages(stay);
      const aiAnswers = rules.mode !== 'off' && conversation.status === 'ai';
      if (aiAnswers) assertWithinCaps(conversation, rules);
      // Sentiment runs on every guest message, whoever answers it: it feeds the alert and the mood.
      const assessed = await assess(stay.propertyId, input.text, language, rules);
      const reason = assessed.alert || rules.mode !== 'off' ? assessed.reason : 'concierge_off';
      const stored = await deps.db.transaction(async (tx) => {
        const message = await repo.insertMessage(
          {
            propertyId: stay.propertyId,
            conversationId: conversation.id,
            author: 'guest',
            text: input.text,
            language,
            clientMessageId: input.clientMessageId,
            sentimentScore: assessed.sentiment?.score ?? null,
            sentimentLabel: assessed.sentiment?.label ?? null,
          },
          tx,
        );
        // The same client id posted twice at once: the other post stored it.
        if (!message) return undefined;
        const locked = await repo.lockConversation(conversation.id, tx);
        const score = assessed.sentiment?.score;
        if (score !== undefined) await repo.updateConversation(locked.id, { mood: moodAfter(locked.mood, score) }, tx);
        await repo.countMessage(locked.id, { staffUnread: 1, at: deps.clock.now() }, tx);
        await stayEvent(tx, locked, EVENTS.message, message.id);
        if (assessed.alert) await staffEvent(tx, stay.propertyId, EVENTS.alert, locked.id);
        if (reason) await handOff(tx, locked.id, reason, language, property.timeZone, rules.businessHours);
        await staffEvent(tx, stay.propertyId, EVENTS.updated, locked.id);
        return message;
      });
      if (!stored) return answerTo(conversation.id, (await repo.messageByClientId(conversation.id, input.clientMessageId))!);
      if (aiAnswers && !reason && assessed.port) {
        try {
          await answer(stay, conversation, assessed.port, rules);
        } catch (error) {
          if (!isProviderFailure(error)) throw error;
          await deps.db.transaction((tx) => handOff(tx, conversation.id, 'assistant_unavailable', language, property.timeZone, rules.businessHours));
        }
      }
      return answerTo(conversation.id, stored);
    },

    /**
     * The sentiment of a guest's request note (the `assess_request_note` job): stored on the
     * request, folded into the stay's mood, and an alert when it is low or asks for a person.
     */
    async assessRequestNote(propertyId: string, requestId: string) {
      const request = await repo.requestNote(propertyId, requestId);
      if (!request?.note) return;
      const [rules, property] = await Promise.all([settings(propertyId), repo.property(propertyId)]);
      const language = guestLanguageOf(request.language) ?? guestLanguageOf(property.defaultLanguage) ?? 'en';
      const sentiment = await sentimentOf(await deps.concierge(propertyId), request.note, language);
      const conversation = await repo.ensureConversation(propertyId, request.stayId);
      await deps.db.transaction(async (tx) => {
        await repo.recordNoteSentiment(requestId, sentiment.score, sentiment.label, tx);
        const locked = await repo.lockConversation(conversation.id, tx);
        await repo.updateConversation(locked.id, { mood: moodAfter(locked.mood, sentiment.score) }, tx);
        if (sentiment.score < rules.alertThreshold || sentiment.needsPerson) await staffEvent(tx, propertyId, EVENTS.alert, locked.id);
      });
    },

    /** The guest asks for a person (also what a 429 past the caps offers). */
    async requestPerson(stay: StayView) {
      const conversation = await repo.ensureConversation(stay.propertyId, stay.id);
      const rules = await settings(stay.propertyId);
      const { property, language } = await languages(stay);
      await deps.db.transaction(async (tx) => {
        if (await handOff(tx, conversation.id, 'guest_request', language, property.timeZone, rules.businessHours)) await staffEvent(tx, stay.propertyId, EVENTS.alert, conversation.id);
      });
      return this.guestConversation(stay);
    },

    async markReadByGuest(stay: StayView) {
      const conversation = await repo.conversationOfStay(stay.id);
      if (conversation) await repo.updateConversation(conversation.id, { guestUnread: 0 });
    },

    /** The guest confirms what the AI proposed: only this call, never the model, carries it out. Confirming twice gives the same result. */
    async decideProposal(stay: StayView, proposalId: string, decision: 'confirm' | 'decline') {
      const claimed = await deps.db.transaction(async (tx) => {
        const proposal = await repo.lockProposal(stay.id, proposalId, tx);
        if (!proposal) throw new AppError('not_found', 'No such proposal.');
        if (proposal.status !== 'proposed') {
          if ((proposal.status === 'confirmed') === (decision === 'confirm')) return { proposal, done: true };
          throw new AppError('conflict', `This proposal was already ${proposal.status}.`);
        }
        if (proposal.expiresAt <= deps.clock.now()) throw new AppError('conflict', 'This proposal has lapsed; ask the concierge again.');
        const status = decision === 'confirm' ? 'confirmed' : 'declined';
        return { proposal: await repo.decideProposal(proposal.id, { status, result: null, decidedAt: deps.clock.now() }, tx), done: decision === 'decline' };
      });
      if (claimed.done) return proposalView(claimed.proposal);
      const confirm = Object.hasOwn(confirmers, claimed.proposal.tool) ? confirmers[claimed.proposal.tool] : undefined;
      const { property, language } = await languages(stay);
      let result: ToolResult;
      try {
        result = confirm ? await confirm(stay, claimed.proposal, toolPhrases(language, property.timeZone)) : { ok: false, error: 'unsupported' };
      } catch (error) {
        // Nothing was done: the guest may confirm again.
        await deps.db.transaction((tx) => repo.decideProposal(claimed.proposal.id, { status: 'proposed', result: null, decidedAt: null }, tx));
        throw error;
      }
      const decided = await deps.db.transaction(async (tx) => {
        const row = await repo.decideProposal(claimed.proposal.id, { status: 'confirmed', result, decidedAt: claimed.proposal.decidedAt }, tx);
        await audited(tx, stay.propertyId, { type: 'guest', stayId: stay.id }, 'concierge.proposal_confirmed', 'concierge_proposal', row.id, { tool: row.tool, ok: result.ok });
        await stayEvent(tx, row, EVENTS.proposal, row.id);
        // What came of it, in the chat, where the AI (and the guest) sees it next.
        if (typeof result.summary === 'string') await addSent(tx, await repo.lockConversation(row.conversationId, tx), { author: 'ai', text: result.summary, language, staffId: null });
        return row;
      });
      return proposalView(decided);
    },

    async inbox(propertyId: string, filter: InboxFilter, limit: number) {
      return (await repo.inbox(propertyId, filter, limit)).map((row) => ({
        ...conversationView(row.conversation),
        stay: { room: row.room, confirmationNumber: row.confirmationNumber, guestFirstName: row.guestFirstName, guestLastName: row.guestLastName },
        lastMessage: row.lastMessage,
      }));
    },

    /** A stay's chat at a glance for the desk (mood, who answers), or null when the guest has not written. */
    async stayConversation(propertyId: string, stayId: string) {
      const conversation = await repo.conversationOfStay(stayId);
      return conversation && conversation.propertyId === propertyId ? conversationView(conversation) : null;
    },

    async staffDetail(propertyId: string, conversationId: string) {
      const conversation = await staffConversation(propertyId, conversationId);
      const messages = await repo.messages(conversation.id, { sentOnly: false });
      return {
        ...conversationView(conversation),
        stay: await repo.stayOfConversation(conversation.id),
        messages: messages.map(staffMessage),
        proposals: (await repo.openProposals(conversation.stayId, deps.clock.now(), 'staff')).map(proposalView),
      };
    },

    /** A person answers; answering takes the conversation over first when the AI or nobody held it. */
    async replyAsStaff(propertyId: string, staff: StaffPrincipal, conversationId: string, text: string) {
      const conversation = await staffConversation(propertyId, conversationId);
      const language = await languageOfConversation(conversation);
      const message = await deps.db.transaction(async (tx) => {
        const taken = await takeOverIn(tx, conversation.id, staff, language);
        const sent = await addSent(tx, taken, { author: 'staff', staffId: staff.id, text, language });
        await repo.updateConversation(taken.id, { staffUnread: 0 }, tx);
        return sent;
      });
      return staffMessage({ ...message, staffName: staff.name });
    },

    async takeOver(propertyId: string, staff: StaffPrincipal, conversationId: string) {
      const conversation = await staffConversation(propertyId, conversationId);
      const language = await languageOfConversation(conversation);
      return conversationView(await deps.db.transaction((tx) => takeOverIn(tx, conversation.id, staff, language)));
    },

    /** The AI answers again; the guest is told. */
    async giveBack(propertyId: string, staff: StaffPrincipal, conversationId: string) {
      const conversation = await staffConversation(propertyId, conversationId);
      const language = await languageOfConversation(conversation);
      return conversationView(
        await deps.db.transaction(async (tx) => {
          const locked = await repo.lockConversation(conversation.id, tx);
          if (locked.status === 'ai') return locked;
          const updated = await repo.updateConversation(locked.id, { status: 'ai', assignedStaffId: null, handoffReason: null }, tx);
          await audited(tx, propertyId, { type: 'staff', id: staff.id }, 'concierge.given_back', 'conversation', locked.id, { from: locked.status });
          await addSent(tx, locked, { author: 'system', text: conciergeNote('assistantBack', language), language, staffId: null });
          await staffEvent(tx, propertyId, EVENTS.updated, locked.id);
          return updated;
        }),
      );
    },

    /** Suggest mode: staff send the AI's draft as it is or as they edited it, or discard it. */
    async decideDraft(propertyId: string, staff: StaffPrincipal, conversationId: string, messageId: string, decision: { action: 'approve'; text?: string | undefined } | { action: 'discard' }) {
      const conversation = await staffConversation(propertyId, conversationId);
      const decided = await deps.db.transaction(async (tx) => {
        const locked = await repo.lockConversation(conversation.id, tx);
        const draft = await repo.message(locked.id, messageId, tx);
        if (!draft || draft.author !== 'ai') throw new AppError('not_found', 'No such draft in this conversation.');
        if (draft.state !== 'draft') throw new AppError('conflict', `This draft was already ${draft.state === 'sent' ? 'sent' : 'discarded'}.`);
        const edited = decision.action === 'approve' && decision.text !== undefined && decision.text !== draft.text;
        await audited(tx, propertyId, { type: 'staff', id: staff.id }, decision.action === 'approve' ? 'concierge.draft_approved' : 'concierge.draft_discarded', 'message', draft.id, { edited });
        if (decision.action === 'discard') return repo.updateMessage(draft.id, { state: 'discarded' }, tx);
        const sent = await repo.updateMessage(draft.id, { state: 'sent', staffId: staff.id, ...(edited && { text: decision.text! }) }, tx);
        await repo.countMessage(locked.id, { guestUnread: 1, staffUnread: -Math.min(1, locked.staffUnread), at: deps.clock.now() }, tx);
        await stayEvent(tx, locked, EVENTS.message, sent.id);
        return sent;
      });
      return staffMessage({ ...decided, staffName: decided.staffId === staff.id ? staff.name : null });
    },

    async markReadByStaff(propertyId: string, conversationId: string) {
      const conversation = await staffConversation(propertyId, conversationId);
      return conversationView(await repo.updateConversation(conversation.id, { staffUnread: 0 }));
    },

    async saveSettings(propertyId: string, staff: StaffPrincipal, input: ConciergeSettings) {
      await deps.db.transaction(async (tx) => {
        await repo.saveSettings(
          {
            propertyId,
            mode: input.mode,
            humanTopics: [...new Set(input.humanTopics)],
            businessHoursStart: input.businessHours?.start ?? null,
            businessHoursEnd: input.businessHours?.end ?? null,
            alertThreshold: score3(input.alertThreshold),
            maxAiMessagesPerStay: input.maxAiMessagesPerStay,
            maxCostMicroUsdPerStay: input.maxCostMicroUsdPerStay,
          },
          tx,
        );
        await audited(tx, propertyId, { type: 'staff', id: staff.id }, 'concierge.settings_updated', 'property', propertyId, { ...input });
      });
      return settings(propertyId);
    },

    places: (propertyId: string) => repo.places(propertyId),

    async addPlace(propertyId: string, staff: StaffPrincipal, input: PlaceInput): Promise<PlaceRow> {
      return deps.db.transaction(async (tx) => {
        const place = await repo.insertPlace({ propertyId, ...input }, tx);
        await audited(tx, propertyId, { type: 'staff', id: staff.id }, 'concierge.place_added', 'concierge_place', place.id, { name: place.name });
        return place;
      });
    },

    async updatePlace(propertyId: string, staff: StaffPrincipal, placeId: string, input: Partial<PlaceInput>): Promise<PlaceRow> {
      return deps.db.transaction(async (tx) => {
        const place = await repo.updatePlace(propertyId, placeId, input, tx);
        if (!place) throw new AppError('not_found', 'No such place at this property.');
        await audited(tx, propertyId, { type: 'staff', id: staff.id }, 'concierge.place_updated', 'concierge_place', place.id, { fields: Object.keys(input) });
        return place;
      });
    },

    async removePlace(propertyId: string, staff: StaffPrincipal, placeId: string): Promise<void> {
      await deps.db.transaction(async (tx) => {
        if (!(await repo.deletePlace(propertyId, placeId, tx))) throw new AppError('not_found', 'No such place at this property.');
        await audited(tx, propertyId, { type: 'staff', id: staff.id }, 'concierge.place_removed', 'concierge_place', placeId, {});
      });
    },
  };
}

export type ConciergeService = ReturnType<typeof createConciergeService>;
