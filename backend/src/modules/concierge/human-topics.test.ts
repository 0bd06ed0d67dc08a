import { describe, expect, it } from 'vitest';
import { HUMAN_TOPICS, humanTopicOf } from './human-topics.js';

describe('topics that always go to a person', () => {
  it.each([
    ['I was charged twice for the minibar', 'billing_dispute'],
    ['Ich möchte eine Rückerstattung', 'billing_dispute'],
    ['I want to speak to the manager', 'complaint'],
    ['Ich habe eine Beschwerde', 'complaint'],
    ['My daughter has an allergic reaction', 'medical'],
    ['Wir brauchen einen Arzt', 'medical'],
    ['There is smoke in the corridor', 'safety'],
    ['Mon sac a été volé', 'safety'],
  ])('%s → %s', (text, topic) => {
    expect(humanTopicOf(text, HUMAN_TOPICS)).toBe(topic);
  });

  it('finds nothing in everyday questions, and only the topics the property chose', () => {
    expect(humanTopicOf('Could I have two more towels please?', HUMAN_TOPICS)).toBeNull();
    expect(humanTopicOf('What time is breakfast?', HUMAN_TOPICS)).toBeNull();
    // Whole words unless a stem: a fireplace is no fire, smoking rooms are no smoke.
    expect(humanTopicOf('Is there a room with a fireplace?', HUMAN_TOPICS)).toBeNull();
    expect(humanTopicOf('Do you have smoking rooms?', HUMAN_TOPICS)).toBeNull();
    expect(humanTopicOf('I need a doctor', ['complaint', 'safety'])).toBeNull();
  });
});
