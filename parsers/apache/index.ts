import { AccessCombined, AccessCommon } from './access.js';

export { AccessCombined, AccessCommon };
export const logTypes = [AccessCombined, AccessCommon] as const;
