// The approved-regions list of AWS.Account.ApprovedRegions. THIS is the place to edit: the
// policy reads no environment, so the list is reviewed and versioned with the pack.
// Global resources (IAM, Region `global`) are always approved.
export const APPROVED_REGIONS: readonly string[] = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'];

export function isApprovedRegion(region: string, approved: readonly string[] = APPROVED_REGIONS): boolean {
  return region === 'global' || approved.includes(region);
}
