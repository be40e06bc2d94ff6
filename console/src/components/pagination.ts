// Cursor pagination state: the stack of cursors that led to the current page.
import { useCallback, useState } from 'react';

export function useCursorStack(): { cursor: string | undefined; hasPrev: boolean; next: (c: string) => void; prev: () => void; reset: () => void } {
  const [stack, setStack] = useState<string[]>([]);
  const next = useCallback((c: string) => setStack((s) => [...s, c]), []);
  const prev = useCallback(() => setStack((s) => s.slice(0, -1)), []);
  const reset = useCallback(() => setStack([]), []);
  return { cursor: stack[stack.length - 1], hasPrev: stack.length > 0, next, prev, reset };
}
