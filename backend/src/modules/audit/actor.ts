/** Who did something: staff, the guest of a stay, or the worker. */
export type Actor = { type: 'staff'; id: string } | { type: 'guest'; stayId: string } | { type: 'system' };

/** The audit log's actor columns for an actor. */
export const auditActor = (actor: Actor) => ({
  actorType: actor.type,
  actorId: actor.type === 'staff' ? actor.id : actor.type === 'guest' ? actor.stayId : null,
});
