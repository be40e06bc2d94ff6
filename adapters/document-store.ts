// The document store port: small collections of JSON documents by id (saved queries, log source
// and cloud account settings, destinations, detections edited in the console...). DynamoDB on
// AWS (one table, partition key = collection, sort key = id), a directory of JSON files locally.

export interface StoredDocument<T> {
  readonly id: string;
  readonly value: T;
  /** Incremented by every write; a put with `ifVersion` fails when it moved on. */
  readonly version: number;
  /** ISO 8601 UTC of the last write. */
  readonly updatedAt: string;
}

export class VersionConflictError extends Error {
  constructor(collection: string, id: string, expected: number | 'absent') {
    super(`${collection}/${id}: expected version ${expected}, the document changed meanwhile`);
    this.name = 'VersionConflictError';
  }
}

export interface DocumentCollection<T> {
  get(id: string): Promise<StoredDocument<T> | undefined>;
  /**
   * Creates or replaces. `ifVersion: 'absent'` creates only; a number replaces only that version.
   * Throws VersionConflictError when the condition fails.
   */
  put(id: string, value: T, opts?: { ifVersion?: number | 'absent' }): Promise<StoredDocument<T>>;
  /** True when a document was deleted. */
  delete(id: string): Promise<boolean>;
  /** Every document, ordered by id. Collections are small (hundreds): no paging. */
  list(): Promise<StoredDocument<T>[]>;
}

export interface DocumentStore {
  collection<T>(name: string): DocumentCollection<T>;
}
