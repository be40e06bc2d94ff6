import { Central } from './central.js';

export { Central };
export const logTypes = [Central] as const;
