import { Access } from './access.js';

export { Access };
export const logTypes = [Access] as const;
