import { useEffect, useRef } from 'react';

/** A chat log scrolled to its newest message whenever `latest` changes (a new or growing message). */
export function useStickToBottom<T extends HTMLElement>(latest: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [latest]);
  return ref;
}
