import { containsCardNumber } from '../../http/card-number.js';

/** A trailing run of digits, spaces and dashes: it may still grow into a card number, so it waits. */
const OPEN_RUN = /\d[\d -]*$/;

/**
 * A model's answer as it streams, never letting a payment card number through: an injected
 * instruction (in hotel facts, places or tool results) can make a model write one, and PCI DSS
 * forbids us to store or show it. Text is released up to a trailing digit run, whose end is not
 * known yet; once a card number appears, nothing more is released.
 */
export function cardSafeText() {
  let text = '';
  let released = 0;
  let blocked = false;
  const release = (upTo: number) => {
    const safe = text.slice(0, upTo);
    if (blocked || containsCardNumber(safe)) {
      blocked = true;
      return '';
    }
    const delta = safe.slice(released);
    released = safe.length;
    return delta;
  };
  return {
    /** Adds a delta; answers the text that may be shown now (possibly empty). */
    push: (delta: string) => {
      text += delta;
      return release(OPEN_RUN.exec(text)?.index ?? text.length);
    },
    /** The answer is complete: the rest of it, unless it held a card number. */
    end: () => release(text.length),
    get blocked() {
      return blocked;
    },
  };
}
