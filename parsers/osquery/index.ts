import { Batch } from './batch.js';
import { Differential } from './differential.js';
import { Snapshot } from './snapshot.js';
import { Status } from './status.js';

export { Batch, Differential, Snapshot, Status };
export const osqueryLogTypes = [Differential, Batch, Snapshot, Status] as const;
