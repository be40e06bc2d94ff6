// Analysis items (detections/analysis) as the Python engine loads them.
import type { DataModelItem } from '../analysis/spec.js';
import type { DataModelSource } from './engine.js';

/** The data models the Python engine serves: Path-only ones and those with a Python body. */
export function pythonDataModels(models: readonly DataModelItem[]): DataModelItem[] {
  return models.filter((m) => m.body === undefined || m.body.language === 'python');
}

export function dataModelSource(m: DataModelItem): DataModelSource {
  return {
    id: m.id,
    logTypes: m.spec.LogTypes,
    mappings: m.spec.Mappings.map((x) => ({ name: x.Name, ...(x.Path !== undefined ? { path: x.Path } : {}), ...(x.Method !== undefined ? { method: x.Method } : {}) })),
    ...(m.body !== undefined ? { body: m.body.source } : {}),
  };
}
