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

export type AlertType = 'RULE' | 'RULE_ERROR' | 'POLICY' | 'SCHEDULED_RULE';

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
}

export interface AlertFilter {
  readonly status?: AlertStatus;
  readonly severity?: Severity;
  readonly ruleId?: string;
  /** ISO 8601: alerts created at or after. */
  readonly since?: string;
  readonly limit?: number;
}

/**
 * Alert state behind a port: DynamoDB with conditional writes on AWS, embedded locally.
 * recordMatch is safe under concurrent callers: one window never opens two alerts.
 */
export interface AlertStore {
  recordMatch(match: RuleMatch, now: Date): Promise<MatchOutcome>;
  get(alertId: string): Promise<Alert | undefined>;
  list(filter?: AlertFilter): Promise<Alert[]>;
  setStatus(alertId: string, status: AlertStatus, now: Date): Promise<Alert>;
}

/** The key-value state Python's panther_detection_helpers.caching and TS helpers use. */
export interface CacheStore {
  getCounter(key: string): Promise<number>;
  incrementCounter(key: string, by: number, ttlSeconds?: number): Promise<number>;
  resetCounter(key: string): Promise<void>;
  getStringSet(key: string): Promise<string[]>;
  putStringSet(key: string, values: readonly string[], ttlSeconds?: number): Promise<void>;
  addToStringSet(key: string, values: readonly string[], ttlSeconds?: number): Promise<string[]>;
  removeFromStringSet(key: string, values: readonly string[]): Promise<string[]>;
  resetStringSet(key: string): Promise<void>;
}
