// Enable/disable overrides of detections a user cannot edit (the built-in pack): kept as documents
// so the console can switch a built-in off, and applied wherever detections are loaded to run.
import type { DocumentStore } from '../../adapters/document-store.js';
import type { AnalysisItem } from './spec.js';

export const DETECTION_OVERRIDES_COLLECTION = 'detection-overrides';

export interface EnabledOverride {
  readonly id: string;
  readonly enabled: boolean;
}

/** The enabled overrides by detection id. */
export async function enabledOverrides(documents: DocumentStore): Promise<Map<string, boolean>> {
  const docs = await documents.collection<EnabledOverride>(DETECTION_OVERRIDES_COLLECTION).list();
  return new Map(docs.map((d) => [d.value.id, d.value.enabled]));
}

/** The items with each overridden detection's Enabled replaced (items without the key are left as they are). */
export function applyEnabledOverrides(items: readonly AnalysisItem[], overrides: ReadonlyMap<string, boolean>): AnalysisItem[] {
  return items.map((item) => {
    const enabled = overrides.get(item.id);
    if (enabled === undefined || !('Enabled' in item.spec) || item.spec.Enabled === enabled) return item;
    return { ...item, spec: { ...item.spec, Enabled: enabled } } as AnalysisItem;
  });
}
