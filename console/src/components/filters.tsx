// List filters kept in the URL's query, so that a filtered list can be linked and survives a reload.
import type { ReactNode } from 'react';
import { navigate, type Route } from '../router.js';

/** The current values of `keys` (absent: '') and a setter that navigates with all of them. */
export function routeFilters<K extends string>(route: Route, page: string, keys: readonly K[]): { values: Record<K, string>; setFilter: (k: K, v: string) => void } {
  const values = Object.fromEntries(keys.map((k) => [k, route.query.get(k) ?? ''])) as Record<K, string>;
  return { values, setFilter: (k, v) => navigate([page], { ...values, [k]: v }) };
}

/** A value, or a value with its label. */
export type FilterOption = string | readonly [value: string, label: string];

/** A labelled select whose empty choice, "Any", means no filter. */
export function SelectFilter({ label, name, value, onChange, options }: { label: string; name: string; value: string; onChange: (v: string) => void; options: readonly FilterOption[] }): ReactNode {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} name={name}>
        <option value="">Any</option>
        {options.map((o) => {
          const [v, text] = typeof o === 'string' ? [o, o] : o;
          return (
            <option key={v} value={v}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
