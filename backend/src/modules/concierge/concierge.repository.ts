import { and, asc, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
import {
  conciergePlaces,
  conciergeProposals,
  conciergeSettings,
  conversations,
  guests,
  messages,
  properties,
  propertySettings,
  serviceRequests,
  staffUsers,
  stays,
} from '../../db/drizzle/schema.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

/** A proposal whose AI answer has been sent to the guest (or that predates the link). */
const proposalSent = sql`(${conciergeProposals.messageId} IS NULL OR EXISTS (SELECT 1 FROM ${messages} WHERE ${messages.id} = ${conciergeProposals.messageId} AND ${messages.state} = 'sent'))`;
export type NewMessage = typeof messages.$inferInsert;
export type SettingsRow = typeof conciergeSettings.$inferSelect;
export type PlaceRow = typeof conciergePlaces.$inferSelect;
export type ProposalRow = typeof conciergeProposals.$inferSelect;
export type ConversationPatch = Partial<Pick<ConversationRow, 'status' | 'handoffReason' | 'assignedStaffId' | 'guestUnread' | 'staffUnread' | 'mood'>>;

export type InboxFilter = 'all' | 'unread' | 'waiting_for_person' | 'with_person';

export function createConciergeRepository(db: Database) {
  return {
    async settings(propertyId: string, tx: Executor = db): Promise<SettingsRow | undefined> {
      const [row] = await tx.select().from(conciergeSettings).where(eq(conciergeSettings.propertyId, propertyId));
      return row;
    },

    async saveSettings(row: typeof conciergeSettings.$inferInsert, tx: Executor = db): Promise<SettingsRow> {
      const { propertyId, ...values } = row;
      const [saved] = await tx
        .insert(conciergeSettings)
        .values(row)
        .onConflictDoUpdate({ target: conciergeSettings.propertyId, set: { ...values, updatedAt: sql`now()` } })
        .returning();
      return saved!;
    },

    /** What a turn needs of the property: name, zone, facts and default language. */
    async property(propertyId: string) {
      const [row] = await db
        .select({ name: properties.name, timeZone: properties.timeZone, hotelFacts: properties.hotelFacts, defaultLanguage: propertySettings.defaultLanguage })
        .from(properties)
        .leftJoin(propertySettings, eq(propertySettings.propertyId, properties.id))
        .where(eq(properties.id, propertyId));
      return row!;
    },

    async places(propertyId: string): Promise<PlaceRow[]> {
      return db.select().from(conciergePlaces).where(eq(conciergePlaces.propertyId, propertyId)).orderBy(asc(conciergePlaces.name), asc(conciergePlaces.id));
    },

    async insertPlace(row: typeof conciergePlaces.$inferInsert, tx: Executor = db): Promise<PlaceRow> {
      const [inserted] = await tx.insert(conciergePlaces).values(row).returning();
      return inserted!;
    },

    async updatePlace(propertyId: string, placeId: string, patch: Partial<typeof conciergePlaces.$inferInsert>, tx: Executor = db): Promise<PlaceRow | undefined> {
      const [updated] = await tx
        .update(conciergePlaces)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(and(eq(conciergePlaces.propertyId, propertyId), eq(conciergePlaces.id, placeId)))
        .returning();
      return updated;
    },

    async deletePlace(propertyId: string, placeId: string, tx: Executor = db): Promise<boolean> {
      const deleted = await tx.delete(conciergePlaces).where(and(eq(conciergePlaces.propertyId, propertyId), eq(conciergePlaces.id, placeId))).returning({ id: conciergePlaces.id });
      return deleted.length > 0;
    },

    /** The stay's conversation, made on first use (two first messages at once make one). */
    async ensureConversation(propertyId: string, stayId: string): Promise<ConversationRow> {
      await db.insert(conversations).values({ propertyId, stayId }).onConflictDoNothing({ target: conversations.stayId });
      const [row] = await db.select().from(conversations).where(eq(conversations.stayId, stayId));
      return row!;
    },

    async conversationOfStay(stayId: string): Promise<ConversationRow | undefined> {
      const [row] = await db.select().from(conversations).where(eq(conversations.stayId, stayId));
      return row;
    },

    async conversation(propertyId: string, conversationId: string, tx: Executor = db): Promise<ConversationRow | undefined> {
      const [row] = await tx.select().from(conversations).where(and(eq(conversations.propertyId, propertyId), eq(conversations.id, conversationId)));
      return row;
    },

    async lockConversation(conversationId: string, tx: Executor): Promise<ConversationRow> {
      const [row] = await tx.select().from(conversations).where(eq(conversations.id, conversationId)).for('update');
      return row!;
    },

    async updateConversation(conversationId: string, patch: ConversationPatch, tx: Executor = db): Promise<ConversationRow> {
      const [row] = await tx
        .update(conversations)
        .set({ ...patch, updatedAt: sql`now()` })
        .where(eq(conversations.id, conversationId))
        .returning();
      return row!;
    },

    /** Adds to the counters a message changes, in one statement (concurrent messages each count). */
    async countMessage(
      conversationId: string,
      change: { guestUnread?: number; staffUnread?: number; aiMessages?: number; costMicroUsd?: number; at: Date },
      tx: Executor = db,
    ): Promise<void> {
      await tx
        .update(conversations)
        .set({
          guestUnread: sql`${conversations.guestUnread} + ${change.guestUnread ?? 0}`,
          staffUnread: sql`${conversations.staffUnread} + ${change.staffUnread ?? 0}`,
          aiMessages: sql`${conversations.aiMessages} + ${change.aiMessages ?? 0}`,
          costMicroUsd: sql`${conversations.costMicroUsd} + ${change.costMicroUsd ?? 0}`,
          lastMessageAt: change.at,
          updatedAt: sql`now()`,
        })
        .where(eq(conversations.id, conversationId));
    },

    /** Stores the message; a guest message whose client id is already stored returns undefined. */
    async insertMessage(row: NewMessage, tx: Executor = db): Promise<MessageRow | undefined> {
      const [inserted] = await tx.insert(messages).values(row).onConflictDoNothing().returning();
      return inserted;
    },

    async messageByClientId(conversationId: string, clientMessageId: string): Promise<MessageRow | undefined> {
      const [row] = await db.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.clientMessageId, clientMessageId)));
      return row;
    },

    async message(conversationId: string, messageId: string, tx: Executor = db): Promise<MessageRow | undefined> {
      const [row] = await tx.select().from(messages).where(and(eq(messages.conversationId, conversationId), eq(messages.id, messageId)));
      return row;
    },

    async updateMessage(messageId: string, patch: Partial<Pick<MessageRow, 'state' | 'text' | 'staffId'>>, tx: Executor = db): Promise<MessageRow> {
      const [row] = await tx.update(messages).set(patch).where(eq(messages.id, messageId)).returning();
      return row!;
    },

    /** The conversation's messages, oldest first; `sentOnly` for what the guest and the model see; optionally only those after one. */
    async messages(conversationId: string, options: { sentOnly: boolean; afterMessageId?: string }): Promise<Array<MessageRow & { staffName: string | null }>> {
      const conditions: SQL[] = [eq(messages.conversationId, conversationId)];
      if (options.sentOnly) conditions.push(eq(messages.state, 'sent'));
      // Compared in SQL: created_at has microseconds, a JavaScript Date only milliseconds.
      if (options.afterMessageId) conditions.push(sql`${messages.createdAt} > (SELECT m.created_at FROM ${messages} m WHERE m.id = ${options.afterMessageId})`);
      const rows = await db
        .select({ message: messages, staffName: staffUsers.name })
        .from(messages)
        .leftJoin(staffUsers, eq(staffUsers.id, messages.staffId))
        .where(and(...conditions))
        .orderBy(asc(messages.createdAt), asc(messages.id));
      return rows.map((row) => ({ ...row.message, staffName: row.staffName }));
    },

    /** The property's conversations, most recent first, with their stay and last message. */
    async inbox(propertyId: string, filter: InboxFilter, limit: number) {
      const conditions: SQL[] = [eq(conversations.propertyId, propertyId)];
      if (filter === 'unread') conditions.push(gt(conversations.staffUnread, 0));
      if (filter === 'waiting_for_person' || filter === 'with_person') conditions.push(eq(conversations.status, filter));
      return db
        .select({
          conversation: conversations,
          room: stays.room,
          confirmationNumber: stays.confirmationNumber,
          guestFirstName: guests.firstName,
          guestLastName: guests.lastName,
          lastMessage: sql<string | null>`(SELECT m.text FROM ${messages} m WHERE m.conversation_id = ${conversations.id} AND m.state = 'sent' ORDER BY m.created_at DESC, m.id DESC LIMIT 1)`,
        })
        .from(conversations)
        .innerJoin(stays, eq(stays.id, conversations.stayId))
        .innerJoin(guests, eq(guests.id, stays.guestId))
        .where(and(...conditions))
        .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
        .limit(limit);
    },

    async stayOfConversation(conversationId: string) {
      const [row] = await db
        .select({ room: stays.room, confirmationNumber: stays.confirmationNumber, guestFirstName: guests.firstName, guestLastName: guests.lastName })
        .from(conversations)
        .innerJoin(stays, eq(stays.id, conversations.stayId))
        .innerJoin(guests, eq(guests.id, stays.guestId))
        .where(eq(conversations.id, conversationId));
      return row!;
    },

    /** A guest's request note and whose stay it is, with the guest's language. */
    async requestNote(propertyId: string, requestId: string) {
      const [row] = await db
        .select({ stayId: serviceRequests.stayId, note: serviceRequests.note, language: guests.language })
        .from(serviceRequests)
        .innerJoin(stays, eq(stays.id, serviceRequests.stayId))
        .innerJoin(guests, eq(guests.id, stays.guestId))
        .where(and(eq(serviceRequests.propertyId, propertyId), eq(serviceRequests.id, requestId)));
      return row;
    },

    async recordNoteSentiment(requestId: string, score: number, label: string, tx: Executor = db): Promise<void> {
      await tx.update(serviceRequests).set({ noteSentimentScore: score, noteSentimentLabel: label }).where(eq(serviceRequests.id, requestId));
    },

    async insertProposal(row: typeof conciergeProposals.$inferInsert, tx: Executor = db): Promise<ProposalRow> {
      const [inserted] = await tx.insert(conciergeProposals).values(row).returning();
      return inserted!;
    },

    /** A proposal the guest can see, locked for their decision. */
    async lockProposal(stayId: string, proposalId: string, tx: Executor): Promise<ProposalRow | undefined> {
      const [row] = await tx
        .select()
        .from(conciergeProposals)
        .where(and(eq(conciergeProposals.stayId, stayId), eq(conciergeProposals.id, proposalId), proposalSent))
        .for('update');
      return row;
    },

    async decideProposal(proposalId: string, patch: Pick<ProposalRow, 'status' | 'result' | 'decidedAt'>, tx: Executor): Promise<ProposalRow> {
      const [row] = await tx.update(conciergeProposals).set(patch).where(eq(conciergeProposals.id, proposalId)).returning();
      return row!;
    },

    /** Undecided proposals; for the guest only those their answer was sent with (staff see drafts' too). */
    async openProposals(stayId: string, now: Date, audience: 'guest' | 'staff'): Promise<ProposalRow[]> {
      return db
        .select()
        .from(conciergeProposals)
        .where(and(eq(conciergeProposals.stayId, stayId), eq(conciergeProposals.status, 'proposed'), gt(conciergeProposals.expiresAt, now), audience === 'guest' ? proposalSent : undefined))
        .orderBy(asc(conciergeProposals.createdAt));
    },
  };
}

export type ConciergeRepository = ReturnType<typeof createConciergeRepository>;
