import { ItemUsage } from './item-usage.js';
import { SignInAttempt } from './sign-in-attempt.js';

export { ItemUsage, SignInAttempt };
export const logTypes = [SignInAttempt, ItemUsage] as const;
