import { Administrator } from './administrator.js';
import { Authentication } from './authentication.js';
import { OfflineEnrollment } from './offline-enrollment.js';
import { Telephony } from './telephony.js';

export { Administrator, Authentication, OfflineEnrollment, Telephony };
export const logTypes = [Authentication, Administrator, OfflineEnrollment, Telephony] as const;
