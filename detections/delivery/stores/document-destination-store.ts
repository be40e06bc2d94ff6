// The local destination store: every destination, secrets included, as one document of the
// `destinations` collection of a DocumentStore (locally a directory of JSON files the owner alone
// may read). Documents are validated on the way in and out, so a hand-edited file that no longer
// parses is reported by id, never echoed (it may hold a secret).
import type { DocumentCollection, DocumentStore } from '../../../adapters/document-store.js';
import { DestinationConfig } from '../config.js';
import type { DestinationStore } from '../destination-store.js';

export const DESTINATIONS_COLLECTION = 'destinations';

/** Destination ids end up in file names and Secrets Manager names: keep them plain. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.@+=-]{0,127}$/;

export function checkDestinationId(id: string): void {
  if (!ID.test(id)) throw new Error(`destination id "${id.slice(0, 40)}": letters, digits and _.@+=- only, at most 128 characters`);
}

export interface DocumentDestinationStoreOptions {
  /** Told about stored documents that are not valid destinations (they are skipped by list()). */
  readonly onInvalid?: (id: string, problems: string[]) => void;
}

/** Issue paths and messages only: zod's messages do not quote the offending value. */
export function problemsOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string[] {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
}

export class DocumentDestinationStore implements DestinationStore {
  private readonly docs: DocumentCollection<unknown>;

  constructor(
    store: DocumentStore,
    private readonly options: DocumentDestinationStoreOptions = {},
  ) {
    this.docs = store.collection<unknown>(DESTINATIONS_COLLECTION);
  }

  private parse(id: string, value: unknown): DestinationConfig | undefined {
    const parsed = DestinationConfig.safeParse(value);
    if (!parsed.success) {
      this.options.onInvalid?.(id, problemsOf(parsed.error));
      return undefined;
    }
    if (parsed.data.id !== id) {
      this.options.onInvalid?.(id, [`id: the document says "${parsed.data.id}"`]);
      return undefined;
    }
    return parsed.data;
  }

  async list(): Promise<DestinationConfig[]> {
    const out: DestinationConfig[] = [];
    for (const doc of await this.docs.list()) {
      const c = this.parse(doc.id, doc.value);
      if (c !== undefined) out.push(c);
    }
    return out;
  }

  async get(id: string): Promise<DestinationConfig | undefined> {
    checkDestinationId(id);
    const doc = await this.docs.get(id);
    return doc === undefined ? undefined : this.parse(doc.id, doc.value);
  }

  async put(config: DestinationConfig): Promise<void> {
    checkDestinationId(config.id);
    const parsed = DestinationConfig.safeParse(config);
    if (!parsed.success) throw new Error(`destination ${config.id}: ${problemsOf(parsed.error).join('; ')}`);
    await this.docs.put(config.id, parsed.data);
  }

  async delete(id: string): Promise<boolean> {
    checkDestinationId(id);
    return this.docs.delete(id);
  }
}
