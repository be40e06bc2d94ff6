// Cursor pagination state: the stack of cursors that led to the current page.
import { useCallback, useState } from 'react';

export interface CursorStack {
  cursor: string | undefined;
  hasPrev: boolean;
  next: (c: string) => void;
  prev: () => void;
  reset: () => void;
}

/**
 * `resetOn` names what the pages are pages of (e.g. the filters): when it changes the stack is
 * empty at once, so the first request after a filter change never carries a cursor of the old one.
 */
export function useCursorStack(resetOn = ''): CursorStack {
  const [state, setState] = useState<{ key: string; stack: string[] }>({ key: resetOn, stack: [] });
  const stack = state.key === resetOn ? state.stack : [];
  const next = useCallback((c: string) => setState((s) => ({ key: resetOn, stack: [...(s.key === resetOn ? s.stack : []), c] })), [resetOn]);
  const prev = useCallback(() => setState((s) => ({ key: resetOn, stack: s.key === resetOn ? s.stack.slice(0, -1) : [] })), [resetOn]);
  const reset = useCallback(() => setState({ key: resetOn, stack: [] }), [resetOn]);
  return { cursor: stack[stack.length - 1], hasPrev: stack.length > 0, next, prev, reset };
}
