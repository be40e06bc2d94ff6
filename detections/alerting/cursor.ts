// Alert list pagination, shared by both stores. A cursor is the position of the last alert of a
// page in the list order (creationTime descending, then alertId ascending): keyset pagination, so
// alerts opened while a client pages do not shift later pages, and an alert whose status changes
// between pages keeps its position (creationTime and alertId never change), so it is seen at most
// once. The cursor is opaque to clients (base64url JSON) and comes back from them: it is validated
// like any other input.

import type { Alert } from '../types.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** A position in the list order: the last alert a page returned. */
export interface CursorPosition {
  readonly creationTime: string;
  readonly alertId: string;
}

export function encodeCursor(alert: CursorPosition): string {
  return Buffer.from(JSON.stringify({ t: alert.creationTime, id: alert.alertId }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  const invalid = (): Error => new Error('invalid cursor: expected the `next` value of a previous page');
  if (cursor.length === 0 || cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { t, id } = (parsed ?? {}) as { t?: unknown; id?: unknown };
  if (typeof t !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(t)) || id.length === 0 || id.length > 128) throw invalid();
  return { creationTime: t, alertId: id };
}

/** Whether an alert comes strictly after the position in the list order. */
export function isAfter(alert: Alert, position: CursorPosition): boolean {
  if (alert.creationTime !== position.creationTime) return alert.creationTime < position.creationTime;
  return alert.alertId > position.alertId;
}

/** The page size of a filter: its limit, else the default; capped. */
export function pageSize(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/** A page from the alerts after the cursor, in list order, of which at least `size + 1` were fetched when there are more. */
export function toPage(sorted: readonly Alert[], size: number): { items: Alert[]; next?: string } {
  const items = sorted.slice(0, size);
  const last = items[items.length - 1];
  return sorted.length > size && last !== undefined ? { items, next: encodeCursor(last) } : { items };
}
