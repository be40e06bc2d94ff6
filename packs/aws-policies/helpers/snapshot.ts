// The common fields of every snapshot (cloud-security/types.ts ResourceSnapshot), and the alert
// title every policy of the pack uses for a non-compliant resource.

export interface Snapshot {
  readonly ResourceId: string;
  readonly ResourceType: string;
  readonly AccountId: string;
  readonly Region: string;
  readonly Name: string | null;
}

/** "<type> <name> in <account>/<region> fails: <what>" */
export function failureTitle(s: Snapshot, what: string): string {
  return `${s.ResourceType} ${s.Name ?? s.ResourceId} in ${s.AccountId}/${s.Region} fails: ${what}`;
}
