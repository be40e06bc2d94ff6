// Rule errors open alerts too, as in Panther: an alert of type RULE_ERROR per rule and error kind
// within the rule's dedup period. Panther's engine gives a rule error the exception's type name as
// its dedup string, the short error message ("KeyError: 'x'") as its title, the rule's dedup period,
// and the detection's default severity (Panther: "detection errors are raised with the default
// severity configured for the detection"); it goes to the rule's destinations. No threshold: the
// first error of a kind opens the alert, later ones count into it.
import type { DetectionSettings, RuleError, RuleMatch } from '../types.js';

const MAX_TITLE = 1000;

/** "rule: KeyError: 'x'" → "KeyError"; "rule: TimeoutError: ..." → "TimeoutError"; else "Error". */
export function errorKind(error: string): string {
  const m = /^(?:rule|policy|[a-z_]+): ([A-Za-z_][A-Za-z0-9_.]*)(?::|$)/.exec(error);
  return m?.[1] ?? 'Error';
}

/** The message without the function prefix: "rule: KeyError: 'x'" → "KeyError: 'x'". */
function shortMessage(error: string): string {
  const m = /^(?:rule|policy|[a-z_]+): (.*)$/s.exec(error);
  return m?.[1] ?? error;
}

/** The RuleMatch a rule error counts into the alert store (its own RULE_ERROR window). */
export function ruleErrorMatch(error: RuleError, settings: DetectionSettings, eventTime?: string): RuleMatch {
  const title = shortMessage(error.error).slice(0, MAX_TITLE);
  return {
    ruleId: error.ruleId,
    logType: error.logType,
    title,
    dedup: errorKind(error.error),
    severity: settings.severity,
    alertContext: { error: error.error.slice(0, 10_000) },
    ...(settings.description !== undefined ? { description: settings.description } : {}),
    ...(settings.reference !== undefined ? { reference: settings.reference } : {}),
    ...(settings.runbook !== undefined ? { runbook: settings.runbook } : {}),
    ...(settings.outputIds !== undefined && settings.outputIds.length > 0 ? { destinations: settings.outputIds.slice(0, 10) } : {}),
    dedupPeriodMinutes: settings.dedupPeriodMinutes,
    threshold: 1,
    ...(error.eventRowId !== undefined ? { eventRowId: error.eventRowId } : {}),
    ...(eventTime !== undefined ? { eventTime } : {}),
    alertType: 'RULE_ERROR',
  };
}
