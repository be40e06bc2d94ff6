// What a new detection starts from, per language: a rule over CloudTrail with one test each way.
import type { Language } from '../api/types.js';

export function templateYaml(lang: Language): string {
  return `AnalysisType: rule
RuleID: Custom.RootConsoleLogin
DisplayName: Root console login
Enabled: true
Severity: High
LogTypes:
  - AWS.CloudTrail
Filename: custom_root_console_login.${lang === 'python' ? 'py' : 'ts'}
DedupPeriodMinutes: 60
Tests:
  - Name: Root console login
    ExpectedResult: true
    Log:
      eventName: ConsoleLogin
      userIdentity:
        type: Root
  - Name: IAM user console login
    ExpectedResult: false
    Log:
      eventName: ConsoleLogin
      userIdentity:
        type: IAMUser
`;
}

export function templateBody(lang: Language): string {
  if (lang === 'python') {
    return `def rule(event):
    return event.get("eventName") == "ConsoleLogin" and event.deep_get("userIdentity", "type") == "Root"


def title(event):
    return f"Root console login from {event.get('sourceIPAddress', 'unknown')}"
`;
  }
  return `export function rule(event: any): boolean {
  return event.get('eventName') === 'ConsoleLogin' && event.deepGet('userIdentity', 'type') === 'Root';
}

export function title(event: any): string {
  return \`Root console login from \${event.get('sourceIPAddress') ?? 'unknown'}\`;
}
`;
}
