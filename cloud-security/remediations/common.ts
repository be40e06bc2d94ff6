// Shared by every remediation: the definition helper (parameter validation, the apply loop),
// the service bindings that turn a PlannedCall into an SDK v3 command, and small snapshot readers.
import type { z } from 'zod';
import { problemKind } from '../scanners/common.js';
import type { ResourceSnapshot } from '../types.js';
import type { AppliedResult, CallOutcome, PlannedCall, Remediation, RemediationContext } from './types.js';

type ClientConfig = RemediationContext['clientConfig'] & { region: string };

/** How a service's planned calls are sent: its client and the command class of each operation. */
export interface ServiceApi {
  readonly service: string;
  makeClient(config: ClientConfig): { send(command: never): Promise<unknown>; destroy(): void };
  readonly commands: Readonly<Record<string, new (input: never) => object>>;
}

/** The region a resource's calls go to: its own, or the context's for global ones (IAM). */
export function regionOf(ctx: RemediationContext, resource: ResourceSnapshot): string {
  if (resource.Region && resource.Region !== 'global') return resource.Region;
  return ctx.clientConfig.region ?? 'us-east-1';
}

function describeError(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

/** Sends planned calls in order through `api`; stops at the first failure. */
export async function sendCalls(api: ServiceApi, ctx: RemediationContext, region: string, calls: readonly PlannedCall[]): Promise<{ outcomes: CallOutcome[]; skipped: PlannedCall[] }> {
  const client = api.makeClient({ ...ctx.clientConfig, region });
  const outcomes: CallOutcome[] = [];
  try {
    for (const [i, call] of calls.entries()) {
      const Ctor = call.service === api.service ? api.commands[call.operation] : undefined;
      if (!Ctor) {
        outcomes.push({ call, ok: false, error: `UnsupportedOperation: ${call.service}:${call.operation} has no command binding`, errorKind: 'error' });
        return { outcomes, skipped: calls.slice(i + 1) };
      }
      try {
        await client.send(new Ctor(call.input as never) as never);
        outcomes.push({ call, ok: true });
      } catch (err) {
        outcomes.push({ call, ok: false, error: describeError(err), errorKind: problemKind(err) });
        return { outcomes, skipped: calls.slice(i + 1) };
      }
    }
    return { outcomes, skipped: [] };
  } finally {
    client.destroy();
  }
}

export interface RemediationSpec<S extends z.ZodType> {
  readonly id: string;
  readonly resourceTypes: readonly string[];
  readonly description: string;
  readonly parameters: S;
  readonly api: ServiceApi;
  /** Pure: the calls for this snapshot and these (validated) parameters; [] when compliant. */
  planWith(resource: ResourceSnapshot, params: z.output<S>): PlannedCall[];
  prepare?(ctx: RemediationContext, resource: ResourceSnapshot): Promise<ResourceSnapshot>;
  /** Whether `prepare` still has to run on this snapshot before planning. */
  needsPrepare?(resource: ResourceSnapshot): boolean;
}

/** Builds a Remediation from its spec: validation, the type check, and the apply loop. */
export function defineRemediation<S extends z.ZodType>(spec: RemediationSpec<S>): Remediation {
  const checkType = (resource: ResourceSnapshot) => {
    if (!spec.resourceTypes.includes(resource.ResourceType)) {
      throw new Error(`${spec.id} applies to ${spec.resourceTypes.join(', ')}, not ${resource.ResourceType}`);
    }
  };
  const plan = (resource: ResourceSnapshot, params: unknown = {}): PlannedCall[] => {
    checkType(resource);
    return spec.planWith(resource, spec.parameters.parse(params ?? {}));
  };
  const remediation: Remediation = {
    id: spec.id,
    resourceTypes: spec.resourceTypes,
    description: spec.description,
    parameters: spec.parameters,
    plan,
    ...(spec.prepare ? { prepare: spec.prepare } : {}),
    async apply(ctx, resource, params) {
      const base = { remediationId: spec.id, resourceId: resource.ResourceId };
      let calls: PlannedCall[];
      try {
        const ready = spec.prepare && (spec.needsPrepare?.(resource) ?? true) ? await spec.prepare(ctx, resource) : resource;
        calls = plan(ready, params);
      } catch (err) {
        // Invalid parameters, the wrong resource type or a failed read: nothing was changed.
        return { ...base, status: 'failed', calls: [], skipped: [], error: describeError(err) };
      }
      if (calls.length === 0) return { ...base, status: 'already-compliant', calls: [], skipped: [] };
      const { outcomes, skipped } = await sendCalls(spec.api, ctx, regionOf(ctx, resource), calls);
      const status: AppliedResult['status'] = outcomes.every((o) => o.ok) && skipped.length === 0 ? 'applied' : 'failed';
      return { ...base, status, calls: outcomes, skipped };
    },
  };
  return remediation;
}

/** A PlannedCall (a helper so each plan reads as the call it makes). */
export function call(service: string, operation: string, input: Record<string, unknown>): PlannedCall {
  return { service, operation, input };
}

/** A field of the snapshot as an object, or null. */
export function obj(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** A field of the snapshot as an array of objects ([] when absent). */
export function objs(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => obj(x) !== null) : [];
}

/** A string field, or null. */
export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The resource's own name/id (Name, else the last segment of its id). */
export function nameOf(resource: ResourceSnapshot): string {
  return resource.Name ?? resource.ResourceId.split(/[/:]/).pop() ?? resource.ResourceId;
}
