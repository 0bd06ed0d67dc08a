import { describe, expect, it } from 'vitest';
import { conciergeFacts } from './concierge-facts.js';

describe("the hotel's facts as the concierge gets them", () => {
  const stored = {
    information: {
      en: { wifiNetwork: 'HarbourGuest', wifiPassword: 'sea-breeze', breakfast: '7:00-10:30 in the Atrium', mapUrl: '' },
      de: { breakfast: '7:00-10:30 im Atrium' },
    },
    rooms: ['101'],
  };

  it("gives the guest's language, falls back to the default language, and leaves blanks out", () => {
    expect(conciergeFacts(stored, 'de', 'en')).toEqual([
      { id: 'fact:wifiNetwork', topic: 'Wi-Fi network', text: 'HarbourGuest' },
      { id: 'fact:wifiPassword', topic: 'Wi-Fi password', text: 'sea-breeze' },
      { id: 'fact:breakfast', topic: 'Breakfast', text: '7:00-10:30 im Atrium' },
    ]);
  });

  it('reads a stored shape it does not know as no facts', () => {
    expect(conciergeFacts({ information: 'garbage' }, 'en', 'en')).toEqual([]);
  });
});
