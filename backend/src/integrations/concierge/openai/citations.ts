/** Longest `[...]` held back while waiting for its `]`; longer brackets are the guest's text, not a citation. */
const MAX_MARKER = 120;

/**
 * Takes the `[fact-id]` citations the system prompt asks the model for out of streamed text, and
 * collects them as the answer's sources. A bracket is held back until it closes, so a marker split
 * across deltas never reaches the guest; brackets that name no known id pass through unchanged.
 */
export function createCitationFilter(knownIds: ReadonlySet<string>) {
  const cited = new Set<string>();
  let pending = '';

  /** Whitespace at the end is held too: it belongs to a marker that may follow. */
  const emitUpTo = (end: number) => {
    const text = pending.slice(0, end);
    const kept = text.replace(/\s+$/, '');
    pending = text.slice(kept.length) + pending.slice(end);
    return kept;
  };

  return {
    /** The part of the text so far that is safe to show. */
    push(delta: string): string {
      pending += delta;
      let out = '';
      for (;;) {
        const open = pending.indexOf('[');
        if (open === -1) return out + emitUpTo(pending.length);
        const close = pending.indexOf(']', open);
        if (close === -1) {
          if (pending.length - open <= MAX_MARKER) return out + emitUpTo(open);
          out += pending.slice(0, open + 1);
          pending = pending.slice(open + 1);
          continue;
        }
        const ids = pending.slice(open + 1, close).split(/\s*[,;]\s*/);
        if (ids.every((id) => knownIds.has(id))) {
          ids.forEach((id) => cited.add(id));
          out += pending.slice(0, open).replace(/\s+$/, '');
        } else {
          out += pending.slice(0, close + 1);
        }
        pending = pending.slice(close + 1);
      }
    },
    /** Whatever was held back, at the end of the answer. */
    flush(): string {
      const rest = pending;
      pending = '';
      return rest;
    },
    cited,
  };
}
