// Form pieces for the configuration pages.
import type { ReactNode } from 'react';

export function TextField({ label, value, onChange, required, placeholder, name, type = 'text', hint }: { label: string; value: string; onChange: (v: string) => void; required?: boolean; placeholder?: string; name: string; type?: string; hint?: string }): ReactNode {
  return (
    <label className="field">
      <span>
        {label}
        {/* The input's `required` tells assistive technology; the star is for the eye only. */}
        {required === true ? <span aria-hidden="true"> *</span> : null}
      </span>
      <input type={type} name={name} value={value} required={required} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} autoComplete="off" />
      {hint !== undefined ? <small className="muted">{hint}</small> : null}
    </label>
  );
}

/** `a, b ,c` → ['a','b','c']. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** Sets `key` only when the text is not empty: optional fields are omitted, not sent as "". */
export function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value.trim() === '' ? {} : ({ [key]: value.trim() } as Record<K, string>);
}
