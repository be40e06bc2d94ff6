// Lambda Function Runtime Is Supported: The function does not run on a runtime AWS has deprecated (no more security patches).
import type { PantherEvent } from '../../../../detections/engine/event.js';
import { failureTitle, type Snapshot } from '../../helpers/snapshot.js';

interface LambdaFunction {
  readonly Runtime: string | null;
}

// Deprecated runtimes (the lambda-runtimes page's "Deprecated runtimes" table); extend as AWS retires more.
export const DEPRECATED_RUNTIMES: readonly string[] = [
  'nodejs', 'nodejs4.3', 'nodejs4.3-edge', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x',
  'python2.7', 'python3.6', 'python3.7', 'python3.8', 'ruby2.5', 'ruby2.7', 'java8', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1', 'dotnetcore3.1', 'dotnet5.0', 'dotnet6', 'go1.x', 'provided',
];

export function policy(event: PantherEvent<LambdaFunction>): boolean {
  const resource = event.data;
  // Container images have no managed runtime (Runtime null).
  return resource.Runtime === null || !DEPRECATED_RUNTIMES.includes(resource.Runtime);
}

export function title(event: PantherEvent<Snapshot>): string {
  return failureTitle(event.data, 'Lambda Function Runtime Is Supported');
}
