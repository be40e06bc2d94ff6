import { AIDMaster, ManagedAssets, NotManagedAssets } from './assets.js';
import { AppInfo, UserInfo } from './discover.js';
import { DNSRequest } from './dns-request.js';
import { GroupIdentity, UserIdentity } from './identity.js';
import { NetworkConnect, NetworkListen } from './network.js';
import { ProcessRollup2, SyntheticProcessRollup2 } from './process-rollup.js';

export { AIDMaster, AppInfo, DNSRequest, GroupIdentity, ManagedAssets, NetworkConnect, NetworkListen, NotManagedAssets, ProcessRollup2, SyntheticProcessRollup2, UserIdentity, UserInfo };
export const logTypes = [
  DNSRequest,
  NetworkConnect,
  NetworkListen,
  ProcessRollup2,
  SyntheticProcessRollup2,
  UserIdentity,
  GroupIdentity,
  AIDMaster,
  ManagedAssets,
  NotManagedAssets,
  UserInfo,
  AppInfo,
] as const;
/** The same list under the family name the registry uses for the others. */
export const crowdstrikeLogTypes = logTypes;
