import { describe, expect, it } from 'vitest';
import { allConciergeTools, conciergeContext } from '../concierge.fixtures.js';
import type { ConciergeMessage, TurnEvent } from '../concierge.port.js';
import { createLocalConcierge } from './local-concierge.js';

const concierge = createLocalConcierge();

async function ask(question: string, language: 'en' | 'de', messages: ConciergeMessage[] = [{ role: 'user', content: question }]) {
  const events: TurnEvent[] = [];
  for await (const event of concierge.turn({ context: conciergeContext(language), messages, tools: allConciergeTools })) events.push(event);
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('the turn did not end with done');
  return {
    text: events.flatMap((event) => (event.type === 'text' ? [event.delta] : [])).join(''),
    calls: events.flatMap((event) => (event.type === 'tool_call' ? [{ name: event.call.name, arguments: JSON.parse(event.call.arguments) as Record<string, unknown> }] : [])),
    sources: done.sources,
  };
}

type Expected = { fact: string } | { place: string } | { tool: string; arguments?: Record<string, unknown> };

/** Thirty common questions per language and what answers each. */
const questions: Record<'en' | 'de', Array<[string, Expected]>> = {
  en: [
    ["What's the wifi password?", { fact: 'wifi-password' }],
    ['How do I get on the internet?', { fact: 'wifi-network' }],
    ['When is breakfast?', { fact: 'breakfast' }],
    ['What time is breakfast served?', { fact: 'breakfast' }],
    ['What time is check-out?', { fact: 'check-out' }],
    ['When do I have to leave the room?', { fact: 'check-out' }],
    ['What time can I check in?', { fact: 'check-in' }],
    ['Where can I park my car?', { fact: 'parking' }],
    ['Is there parking at the hotel?', { fact: 'parking' }],
    ['What are the spa hours?', { fact: 'spa' }],
    ['When is the sauna open?', { fact: 'spa' }],
    ['Can I get a massage here?', { fact: 'spa' }],
    ['Towels please', { tool: 'create_service_request', arguments: { category: 'housekeeping', room: '204' } }],
    ['Could I get two extra pillows?', { tool: 'create_service_request', arguments: { category: 'housekeeping' } }],
    ['The air conditioning is not working', { tool: 'create_service_request', arguments: { category: 'maintenance' } }],
    ['Where can I eat nearby?', { place: 'tasca' }],
    ['Can you recommend a restaurant nearby?', { place: 'tasca' }],
    ['When is dinner served?', { fact: 'restaurant' }],
    ["What is the hotel's address?", { fact: 'address' }],
    ["What's the phone number of the reception?", { fact: 'phone' }],
    ['Is there a swimming pool?', { fact: 'pool' }],
    ['Can I bring my dog?', { fact: 'pets' }],
    ['How do I get to the airport?', { fact: 'transport' }],
    ['Can I have a late check-out until 1pm?', { tool: 'request_late_checkout', arguments: { requested_time: '2026-05-14T13:00:00+01:00' } }],
    ['Can I see my bill?', { tool: 'get_folio' }],
    ['How much have I spent so far?', { tool: 'get_folio' }],
    ['Is there a massage appointment available tomorrow?', { tool: 'get_spa_availability', arguments: { date: '2026-05-13' } }],
    ['I want to speak to a manager', { tool: 'handoff_to_human', arguments: { reason: 'guest_request' } }],
    ['What do I do in an emergency?', { fact: 'emergency' }],
    ['Do you have a laundry service?', { fact: 'laundry' }],
  ],
  de: [
    ['Wie lautet das WLAN-Passwort?', { fact: 'wifi-password' }],
    ['Gibt es hier Internet?', { fact: 'wifi-network' }],
    ['Wann gibt es Frühstück?', { fact: 'breakfast' }],
    ['Bis wann wird das Frühstück serviert?', { fact: 'breakfast' }],
    ['Wann ist der Check-out?', { fact: 'check-out' }],
    ['Bis wann muss ich auschecken?', { fact: 'check-out' }],
    ['Ab wann kann ich einchecken?', { fact: 'check-in' }],
    ['Wo kann ich parken?', { fact: 'parking' }],
    ['Gibt es einen Parkplatz?', { fact: 'parking' }],
    ['Wann hat das Spa geöffnet?', { fact: 'spa' }],
    ['Ist die Sauna heute offen?', { fact: 'spa' }],
    ['Kann ich hier eine Massage bekommen?', { fact: 'spa' }],
    ['Handtücher bitte', { tool: 'create_service_request', arguments: { category: 'housekeeping', room: '204' } }],
    ['Könnte ich noch ein Kopfkissen bekommen?', { tool: 'create_service_request', arguments: { category: 'housekeeping' } }],
    ['Die Klimaanlage funktioniert nicht', { tool: 'create_service_request', arguments: { category: 'maintenance' } }],
    ['Wo kann ich in der Nähe essen?', { place: 'tasca' }],
    ['Können Sie ein Restaurant in der Nähe empfehlen?', { place: 'tasca' }],
    ['Wann gibt es Abendessen?', { fact: 'restaurant' }],
    ['Wie ist die Adresse des Hotels?', { fact: 'address' }],
    ['Wie ist die Telefonnummer der Rezeption?', { fact: 'phone' }],
    ['Gibt es ein Schwimmbad?', { fact: 'pool' }],
    ['Darf ich meinen Hund mitbringen?', { fact: 'pets' }],
    ['Wie komme ich zum Flughafen?', { fact: 'transport' }],
    ['Kann ich später auschecken, bis 13 Uhr?', { tool: 'request_late_checkout', arguments: { requested_time: '2026-05-14T13:00:00+01:00' } }],
    ['Kann ich meine Rechnung sehen?', { tool: 'get_folio' }],
    ['Wann muss ich das Zimmer verlassen?', { fact: 'check-out' }],
    ['Ist morgen ein Termin für eine Massage frei?', { tool: 'get_spa_availability', arguments: { date: '2026-05-13' } }],
    ['Ich möchte mit einem Mitarbeiter sprechen', { tool: 'handoff_to_human', arguments: { reason: 'guest_request' } }],
    ['Was mache ich im Notfall?', { fact: 'emergency' }],
    ['Gibt es einen Wäscheservice?', { fact: 'laundry' }],
  ],
};

describe('local concierge: thirty common questions', () => {
  for (const language of ['en', 'de'] as const) {
    const facts = conciergeContext(language).facts;
    it.each(questions[language])(`${language}: %s`, async (question, expected) => {
      const answer = await ask(question, language);
      if ('tool' in expected) {
        expect(answer.calls.map((call) => call.name)).toEqual([expected.tool]);
        expect(answer.calls[0]!.arguments).toMatchObject(expected.arguments ?? {});
      } else if ('fact' in expected) {
        expect(answer.sources).toContain(expected.fact);
        expect(answer.text).toContain(facts.find((fact) => fact.id === expected.fact)!.text);
        expect(answer.calls).toEqual([]);
      } else {
        expect(answer.sources).toContain(expected.place);
        expect(answer.text).toContain('Tasca do Porto');
      }
    });
  }
});

describe('local concierge: beyond the facts', () => {
  it('says it does not know rather than quoting an unrelated fact', async () => {
    const answer = await ask("What's the weather like tomorrow?", 'en');
    expect(answer.sources).toEqual([]);
    expect(answer.calls).toEqual([]);
    expect(answer.text).toMatch(/don't have that information/);
  });

  it('asks until when before requesting a late check-out with no time named', async () => {
    const answer = await ask('Kann ich später auschecken?', 'de');
    expect(answer.calls).toEqual([]);
    expect(answer.text).toMatch(/Bis wann/);
  });

  it('gives the emergency numbers and hands over when someone is hurt', async () => {
    const answer = await ask('My child is sick, we need a doctor', 'en');
    expect(answer.text).toContain('112 (emergencies)');
    expect(answer.sources).toEqual(['emergency']);
    expect(answer.calls).toEqual([{ name: 'handoff_to_human', arguments: expect.objectContaining({ reason: 'safety', urgency: 'high' }) }]);
  });

  it('books the spa slot the guest picks from an earlier availability answer', async () => {
    const slots = { slots: [{ service_id: 'svc_massage_60', start: '2026-05-13T15:00:00+01:00', name: 'Massage 60 min' }, { service_id: 'svc_massage_60', start: '2026-05-13T17:00:00+01:00', name: 'Massage 60 min' }] };
    const messages: ConciergeMessage[] = [
      { role: 'user', content: 'Is a massage available tomorrow?' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'get_spa_availability', arguments: '{"date":"2026-05-13","service_id":null}' }] },
      { role: 'tool', toolCallId: 'call_1', content: JSON.stringify(slots) },
      { role: 'assistant', content: 'Massage 60 min, 2026-05-13T15:00:00+01:00' },
      { role: 'user', content: 'Please book the massage at 17:00' },
    ];
    const answer = await ask('', 'en', messages);
    expect(answer.calls).toEqual([{ name: 'book_spa', arguments: { service_id: 'svc_massage_60', start: '2026-05-13T17:00:00+01:00', notes: null } }]);
  });

  it('books the treatment the guest names when several are free at that time', async () => {
    const times = {
      times: [
        { service_id: 'deep-60', start: '2026-05-13T16:00:00+01:00', name: 'Deep Tissue Massage 60' },
        { service_id: 'stone-90', start: '2026-05-13T16:00:00+01:00', name: 'Hot Stone Massage 90' },
      ],
    };
    const messages: ConciergeMessage[] = [
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'get_spa_availability', arguments: '{"date":"2026-05-13","service_id":null}' }] },
      { role: 'tool', toolCallId: 'call_1', content: JSON.stringify(times) },
      { role: 'user', content: 'Please book the hot stone massage at 16:00' },
    ];
    expect((await ask('', 'en', messages)).calls).toEqual([{ name: 'book_spa', arguments: expect.objectContaining({ service_id: 'stone-90' }) }]);
  });

  it("answers tool results: the result's summary, or the failure", async () => {
    const after = (content: unknown): ConciergeMessage[] => [
      { role: 'user', content: 'Towels please' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'create_service_request', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'call_1', content: JSON.stringify(content) },
    ];
    expect((await ask('', 'en', after({ ok: true, summary: 'Housekeeping will bring towels within 20 minutes.' }))).text).toBe('Housekeeping will bring towels within 20 minutes.');
    expect((await ask('', 'de', after({ ok: false, error: 'request_limit' }))).text).toMatch(/nicht geklappt \(request_limit\)/);
  });
});
