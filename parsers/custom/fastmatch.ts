// fastmatch patterns ('%{remote_ip} - %{user} [%{time}] "%{request}"'): literal delimiters
// between named fields, matched left to right with indexOf, so no input can make it backtrack.

interface Segment {
  readonly field: string | null; // null: %{} or %{_}, captured and dropped
  /** The literal that ends this field ("" for the last field: the rest of the line). */
  readonly until: string;
}

export interface FastMatcher {
  /** Field values by name, or the reason the line does not match. */
  match(line: string): Record<string, string> | string;
  readonly fields: readonly string[];
}

export function compileFastmatch(pattern: string): FastMatcher {
  const re = /%\{([^}]*)\}/g;
  const prefixEnd = pattern.search(/%\{/);
  if (prefixEnd < 0) throw new Error(`fastmatch pattern "${pattern}" has no %{field}`);
  const prefix = pattern.slice(0, prefixEnd);
  const segments: Segment[] = [];
  const names: string[] = [];
  let m: RegExpExecArray | null;
  const found: Array<{ name: string; end: number; start: number }> = [];
  while ((m = re.exec(pattern)) !== null) found.push({ name: (m[1] as string).trim(), start: m.index, end: m.index + m[0].length });
  found.forEach((f, i) => {
    const next = found[i + 1];
    const until = pattern.slice(f.end, next === undefined ? pattern.length : next.start);
    if (until === '' && next !== undefined) throw new Error(`fastmatch pattern "${pattern}": %{${f.name}} and %{${next.name}} need a delimiter between them`);
    const field = f.name === '' || f.name === '_' ? null : f.name;
    if (field !== null) {
      if (names.includes(field)) throw new Error(`fastmatch pattern "${pattern}": %{${field}} appears twice`);
      names.push(field);
    }
    segments.push({ field, until });
  });
  const last = segments[segments.length - 1] as Segment;
  return {
    fields: names,
    match(line) {
      if (!line.startsWith(prefix)) return `expected the line to start with ${JSON.stringify(prefix)}`;
      const out: Record<string, string> = {};
      let pos = prefix.length;
      for (const s of segments) {
        let end: number;
        if (s === last && s.until === '') end = line.length;
        else {
          // The last delimiter is matched from the end: it lets the final field hold the delimiter itself.
          end = s === last ? line.lastIndexOf(s.until) : line.indexOf(s.until, pos);
          if (end < pos) return `expected ${JSON.stringify(s.until)} after ${s.field === null ? 'a skipped field' : `%{${s.field}}`} (from column ${pos + 1})`;
        }
        if (s.field !== null) out[s.field] = line.slice(pos, end);
        pos = end + s.until.length;
      }
      if (pos !== line.length) return `unexpected text after the pattern at column ${pos + 1}`;
      return out;
    },
  };
}
