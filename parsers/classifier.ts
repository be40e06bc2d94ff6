import type { LogType, ParseResult, SourceInfo, StandardFields } from './core/logtype.js';
import { finishEvent } from './core/logtype.js';

export interface Rejection {
  readonly logType: string;
  readonly reason: string;
}

export type Classification =
  | { readonly kind: 'event'; readonly logType: LogType; readonly event: Record<string, unknown> & StandardFields }
  | { readonly kind: 'header'; readonly logType: LogType }
  | { readonly kind: 'unclassified'; readonly reasons: readonly Rejection[] };

interface Candidate {
  readonly logType: LogType;
  /** Text parsers get their own instance per classifier (they may hold header state). */
  readonly parseText?: (line: string) => ParseResult;
}

export interface ClassifierOptions {
  readonly source: SourceInfo;
  /** Makes p_row_id unique across objects: derive it from the source object's identity. */
  readonly rowIdPrefix: string;
  /** The p_parse_time to stamp (one per object keeps an object's events together). */
  readonly parseTime: string;
}

type JsonState = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Classifies the lines of one source object among the given log types. The most recently
 * successful parser is tried first (move-to-front), so a homogeneous file costs one attempt a
 * line; JSON is parsed once a line and offered to every JSON log type; a header line reaches
 * every text parser.
 */
export class Classifier {
  private readonly candidates: Candidate[];
  private row = 0;

  constructor(
    logTypes: readonly LogType[],
    private readonly options: ClassifierOptions,
  ) {
    if (logTypes.length === 0) throw new Error('classifier needs at least one log type');
    this.candidates = logTypes.map((logType) =>
      logType.parser.kind === 'text' ? { logType, parseText: logType.parser.create() } : { logType },
    );
  }

  classify(line: string): Classification {
    let json: JsonState | undefined;
    let reasons: Rejection[] | undefined;
    const cs = this.candidates;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i] as Candidate;
      let result: ParseResult;
      if (c.parseText !== undefined) {
        result = c.parseText(line);
      } else {
        json ??= parseJsonObject(line);
        if (!json.ok) {
          result = json;
        } else {
          const spec = c.logType.parser;
          const veto = spec.kind === 'json' && spec.accept !== undefined ? spec.accept(json.value) : null;
          result = veto === null ? { ok: true, event: json.value } : { ok: false, reason: veto };
        }
      }
      if (result.ok === 'header') {
        // Header lines set state (a separator, column names) that every text parser of the
        // format needs, so the parsers not yet asked see the line too; the first one claims it.
        for (let j = i + 1; j < cs.length; j++) (cs[j] as Candidate).parseText?.(line);
        this.promote(i);
        return { kind: 'header', logType: c.logType };
      }
      if (result.ok === true) {
        const finished = finishEvent(c.logType, result.event, this.options.source, this.options.parseTime, this.nextRowId());
        if (finished.ok) {
          this.promote(i);
          return { kind: 'event', logType: c.logType, event: finished.event };
        }
        this.row--; // the id was not used
        result = finished;
      }
      (reasons ??= []).push({ logType: c.logType.name, reason: result.reason });
    }
    return { kind: 'unclassified', reasons: reasons ?? [] };
  }

  private promote(i: number): void {
    if (i === 0) return;
    const [c] = this.candidates.splice(i, 1);
    this.candidates.unshift(c as Candidate);
  }

  nextRowId(): string {
    return this.options.rowIdPrefix + (this.row++).toString(16).padStart(8, '0');
  }
}

export function parseJsonObject(line: string): JsonState {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: `JSON value is ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not an object` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
