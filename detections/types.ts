// The contracts shared by the detection engine's parts: the analysis specs' runtimes (Python and
// TypeScript), result normalization, alerting state and delivery. Pure types, no behaviour.

export const SEVERITIES = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALERT_STATUSES = ['OPEN', 'TRIAGED', 'CLOSED', 'RESOLVED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The optional functions a rule may define besides `rule` (Panther's names; TS may use camelCase aliases). */
export const RULE_AUX_FUNCTIONS = ['title', 'dedup', 'alert_context', 'severity', 'description', 'reference', 'runbook', 'destinations', 'unique'] as const;
export type RuleAuxFunction = (typeof RULE_AUX_FUNCTIONS)[number];

/**
 * What a runtime (Python or TypeScript) returns for one detection and one event, before
 * normalization: the raw return values of the functions it ran, and the errors they raised.
 * The runtime runs `rule` (or `policy`) first; the auxiliary functions only when it returned true
 * (or, in tests, when a match is expected).
 */
export interface RawDetectionOutput {
  /** The return value of rule()/policy(); undefined when it raised (see errors). */
  readonly matched: unknown;
  /** Return values of the auxiliary functions that exist and ran, by Panther name. */
  readonly aux: Partial<Record<RuleAuxFunction, unknown>>;
  /** Errors, by function name (`rule`, `title`, ...): a message with the exception type, e.g. "KeyError: 'x'". */
  readonly errors: Partial<Record<'rule' | 'policy' | RuleAuxFunction, string>>;
  /** True when the runtime stopped the detection at its time limit (errors.rule says so too). */
  readonly timedOut?: boolean;
}

/** The detection settings normalization needs from the spec. */
export interface DetectionSettings {
  readonly id: string;
  readonly severity: Severity;
  readonly dedupPeriodMinutes: number;
  readonly threshold: number;
  readonly displayName?: string;
  readonly description?: string;
  readonly reference?: string;
  readonly runbook?: string;
  readonly outputIds?: readonly string[];
  readonly summaryAttributes?: readonly string[];
  readonly tags?: readonly string[];
  readonly reports?: Readonly<Record<string, readonly string[]>>;
}

/** A rule that matched one event, with every field normalized and within its limits. */
export interface RuleMatch {
  readonly ruleId: string;
  readonly logType: string;
  readonly title: string;
  /** At most 1,000 characters; falls back to the title, then `defaultDedupString:<RuleID>`. */
  readonly dedup: string;
  readonly severity: Severity;
  /** The alert_context() value, or `{ "_error": "..." }` (Panther's key) when it was not JSON-serializable or over 200 KB. */
  readonly alertContext: Record<string, unknown> | null;
  readonly description?: string;
  readonly reference?: string;
  readonly runbook?: string;
  /** At most 10 destination names or ids from destinations(); absent: the spec's OutputIds or the defaults. */
  readonly destinations?: readonly string[];
  readonly dedupPeriodMinutes: number;
  readonly threshold: number;
  /** p_row_id of the event, for the link to the matching events. */
  readonly eventRowId?: string;
  /** p_event_time of the event. */
  readonly eventTime?: string;
  /**
   * The kind of alert this counts toward; absent means RULE. RULE_ERROR windows (a rule's errors of
   * one kind) are separate from the rule's match windows even when the dedup strings are equal.
   */
  readonly alertType?: AlertType;
}

/** A detection that failed on one event: rule() raised, timed out or returned a non-bool. */
export interface RuleError {
  readonly ruleId: string;
  readonly logType: string;
  /** "<function>: <message>", e.g. "rule: KeyError: 'eventName'" or "rule: returned str, not bool". */
  readonly error: string;
  readonly severity: Severity;
  readonly eventRowId?: string;
}

export const ALERT_TYPES = ['RULE', 'RULE_ERROR', 'POLICY', 'SCHEDULED_RULE'] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export interface Alert {
  readonly alertId: string;
  readonly type: AlertType;
  readonly ruleId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly dedup: string;
  /** Matches counted in the dedup window (including those before the threshold was reached). */
  readonly eventCount: number;
  readonly logTypes: readonly string[];
  /** ISO 8601 UTC. */
  readonly creationTime: string;
  readonly updateTime: string;
  readonly status: AlertStatus;
  readonly alertContext: Record<string, unknown> | null;
  readonly destinations: readonly string[];
  readonly description?: string;
  readonly reference?: string;
  readonly runbook?: string;
  /** Where the matching events are: a console link on AWS, a lake query locally. */
  readonly eventsLink?: string;
}

/** What recording a match did to the alert state. */
export interface MatchOutcome {
  /** The alert of the (rule, dedup) window, once the window's count reached the threshold. */
  readonly alert?: Alert;
  /** True exactly once per window: on the match that made the count reach the threshold. */
  readonly opened: boolean;
  /** The window's count after this match. */
  readonly count: number;
  /** The id of the window's alert: the alert's once opened, the one it will get while below the threshold. */
  readonly alertId: string;
}

export interface AlertFilter {
  readonly status?: AlertStatus;
  readonly severity?: Severity;
  readonly ruleId?: string;
  /** ISO 8601: alerts created at or after. */
  readonly since?: string;
  readonly type?: AlertType;
  /** Opaque position from a previous page's `next`: the listing resumes after it. */
  readonly cursor?: string;
  readonly limit?: number;
}

/** One page of alerts, newest first; `next` (absent on the last page) is the cursor of the following one. */
export interface AlertPage {
  readonly items: Alert[];
  readonly next?: string;
}

/**
 * Alert state behind a port: DynamoDB with conditional writes on AWS, embedded locally.
 * recordMatch is safe under concurrent callers: one window never opens two alerts.
 */
export interface AlertStore {
  recordMatch(match: RuleMatch, now: Date): Promise<MatchOutcome>;
  get(alertId: string): Promise<Alert | undefined>;
  list(filter?: AlertFilter): Promise<Alert[]>;
  /** Like list, one page at a time: `limit` is the page size (default 50, at most 1,000). */
  listPage(filter?: AlertFilter): Promise<AlertPage>;
  setStatus(alertId: string, status: AlertStatus, now: Date): Promise<Alert>;
}

/**
 * The key-value state of Python's panther_detection_helpers.caching and TypeScript's
 * detections/caching/rule-cache.ts: per key a counter, a string set and a dictionary (JSON text),
 * and one expiry for the key (`expiresAt`, epoch seconds, as Panther's DynamoDB TTL attribute).
 * A key past its expiry reads as absent (not only once TTL deleted it), and a write to it starts
 * from empty. Writers that pass no `expiresAt` leave the key's expiry as it is.
 */
export interface CacheStore {
  getCounter(key: string): Promise<number>;
  /** Adds `by` (may be negative) atomically; returns the new value. */
  incrementCounter(key: string, by: number, expiresAt?: number): Promise<number>;
  resetCounter(key: string): Promise<void>;
  /** The set's strings, sorted; [] when absent. */
  getStringSet(key: string): Promise<string[]>;
  /** Replaces the set; an empty `values` removes it. */
  putStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<void>;
  /** Adds atomically; returns the set after, sorted. */
  addToStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<string[]>;
  /** Removes atomically; returns the set after, sorted. */
  removeFromStringSet(key: string, values: readonly string[], expiresAt?: number): Promise<string[]>;
  resetStringSet(key: string): Promise<void>;
  /** The dictionary's JSON text, or undefined when absent. */
  getDictionary(key: string): Promise<string | undefined>;
  putDictionary(key: string, json: string, expiresAt?: number): Promise<void>;
  setKeyExpiration(key: string, expiresAt: number): Promise<void>;
}
