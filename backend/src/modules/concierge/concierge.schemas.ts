import { z } from 'zod';
import { conciergeMode, conversationStatus, messageAuthor, messageState, proposalStatus } from '../../db/drizzle/schema.js';
import { HUMAN_TOPICS } from './human-topics.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time as HH:MM, e.g. 08:00');

export const guestMessageSchema = z
  .object({ id: z.uuid(), author: z.enum(messageAuthor.enumValues), text: z.string(), createdAt: z.date() })
  .meta({ id: 'ConciergeGuestMessage' });

export const proposalSchema = z
  .object({
    id: z.uuid(),
    tool: z.string(),
    summary: z.string().describe('What the guest is asked to confirm'),
    status: z.enum(proposalStatus.enumValues),
    expiresAt: z.date(),
    result: z.record(z.string(), z.unknown()).nullable().describe('What confirming did'),
  })
  .meta({ id: 'ConciergeProposal' });

export const guestConversationSchema = z
  .object({
    status: z.enum(conversationStatus.enumValues).describe('ai: the concierge answers; waiting_for_person / with_person: a member of staff'),
    mode: z.enum(conciergeMode.enumValues),
    guestUnread: z.number().int(),
    personAnswersFrom: hhmm.nullable().describe("Outside the hotel's chat hours, when a person answers next (hotel time); null when now"),
    messages: z.array(guestMessageSchema),
    proposals: z.array(proposalSchema).describe('Open proposals awaiting the guest\'s confirmation'),
  })
  .meta({ id: 'ConciergeGuestConversation' });

export const postMessageBody = z.strictObject({
  text: z.string().trim().min(1, 'Write something.').max(2000),
  clientMessageId: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{8,64}$/, '8 to 64 letters, digits, dots, dashes, colons or underscores')
    .describe('A unique id the app makes for this message (a UUID: a long run of digits reads as a card number and is refused): a retried post with the same id is stored once and gets the same answer'),
});

export const postMessageResponse = z
  .object({ message: guestMessageSchema, replies: z.array(guestMessageSchema).describe('What came after it: the answer, or a note that a person will answer') })
  .meta({ id: 'ConciergePostedMessage' });

export const proposalParams = z.object({ proposalId: z.uuid() });
export const proposalDecisionBody = z.strictObject({ decision: z.enum(['confirm', 'decline']) });

export const conversationParams = z.object({ propertyId: z.string().min(1).max(64).describe('Property id or code'), conversationId: z.uuid() });
export const draftParams = conversationParams.extend({ messageId: z.uuid() });
export const placeParams = z.object({ propertyId: z.string().min(1).max(64).describe('Property id or code'), placeId: z.uuid() });

export const inboxQuery = z.object({
  filter: z.enum(['all', 'unread', 'waiting_for_person', 'with_person']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const conversationCore = {
  id: z.uuid(),
  stayId: z.uuid(),
  status: z.enum(conversationStatus.enumValues),
  handoffReason: z.string().nullable().describe('Why it waits for a person'),
  assignedStaffId: z.uuid().nullable(),
  guestUnread: z.number().int(),
  staffUnread: z.number().int(),
  mood: z.number().nullable().describe("Rolling sentiment of the guest's messages, -1..1"),
  aiMessages: z.number().int(),
  costMicroUsd: z.number().int().describe('What the AI cost for this stay, in micro-USD'),
  lastMessageAt: z.date().nullable(),
};

const stayBrief = z.object({ room: z.string().nullable(), confirmationNumber: z.string(), guestFirstName: z.string().nullable(), guestLastName: z.string() });

export const conversationSchema = z.object(conversationCore).meta({ id: 'ConciergeConversation' });

export const inboxEntrySchema = z
  .object({ ...conversationCore, stay: stayBrief, lastMessage: z.string().nullable() })
  .meta({ id: 'ConciergeInboxEntry' });

export const staffMessageSchema = z
  .object({
    id: z.uuid(),
    author: z.enum(messageAuthor.enumValues),
    state: z.enum(messageState.enumValues).describe('draft: an AI answer in suggest mode waiting for staff'),
    text: z.string(),
    language: z.string().nullable(),
    staff: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    sentiment: z.object({ score: z.number(), label: z.string().nullable() }).nullable(),
    sources: z.array(z.string()).describe('Hotel facts (fact:…) and places (place:…) the answer drew on'),
    toolCalls: z.array(z.object({ id: z.string(), name: z.string(), arguments: z.string(), result: z.unknown() })),
    usage: z.object({ model: z.string(), promptTokens: z.number().int(), completionTokens: z.number().int(), costMicroUsd: z.number().int() }).nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'ConciergeStaffMessage' });

export const conversationDetailSchema = z
  .object({ ...conversationCore, stay: stayBrief, messages: z.array(staffMessageSchema), proposals: z.array(proposalSchema) })
  .meta({ id: 'ConciergeConversationDetail' });

export const staffReplyBody = z.strictObject({ text: z.string().trim().min(1, 'Write something.').max(2000) });

export const draftDecisionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), text: z.string().trim().min(1).max(2000).optional().describe('The edited text; leave out to send the draft as it is') }),
  z.strictObject({ action: z.literal('discard') }),
]);

export const settingsSchema = z
  .strictObject({
    mode: z.enum(conciergeMode.enumValues).describe('off: chats go to staff; suggest: the AI drafts, staff send; auto: the AI answers'),
    humanTopics: z.array(z.enum(HUMAN_TOPICS)).max(HUMAN_TOPICS.length).describe('Topics that always go to a person'),
    businessHours: z.strictObject({ start: hhmm, end: hhmm }).nullable().describe("When people answer chats, hotel time; null: around the clock"),
    alertThreshold: z.number().min(-1).max(1).describe('A guest message scoring below this (-1..1) alerts staff and waits for a person'),
    maxAiMessagesPerStay: z.number().int().min(0).max(10_000),
    maxCostMicroUsdPerStay: z.number().int().min(0).max(100_000_000).describe('In micro-USD: 500000 is 0.50 USD'),
  })
  .meta({ id: 'ConciergeSettings' });

export const placeBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  category: z.string().trim().min(1).max(40).describe('e.g. restaurant, museum, bar, pharmacy'),
  description: z.string().trim().max(1000).default(''),
  hours: z.string().trim().min(1).max(200).nullable().default(null),
  distanceMeters: z.number().int().min(0).max(1_000_000).nullable().default(null).describe('Walking distance in metres'),
});

export const placePatchBody = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    category: z.string().trim().min(1).max(40),
    description: z.string().trim().max(1000),
    hours: z.string().trim().min(1).max(200).nullable(),
    distanceMeters: z.number().int().min(0).max(1_000_000).nullable(),
  })
  .partial();

export const placeSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    category: z.string(),
    description: z.string(),
    hours: z.string().nullable(),
    distanceMeters: z.number().int().nullable(),
    updatedAt: z.date(),
  })
  .meta({ id: 'ConciergePlace' });
