// Base of every onboarding module: a CDKTF stack that synthesizes to a standalone Terraform module
// (variables, resources, outputs; no provider, no backend), plus the declarations its docs come from.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';

export type VariableType = 'string' | 'bool' | 'number';

export interface ModuleVariableProps {
  readonly type: VariableType;
  readonly description: string;
  /** Omit for a required input. */
  readonly default?: string | boolean | number;
  readonly sensitive?: boolean;
}

/** A statement allowed to carry `Resource: "*"`, and why (the action has no resource-level permission). */
export interface ResourceWildcard {
  readonly sid: string;
  readonly reason: string;
}

/** Terraform accepts any provider version from these on; the module itself pins nothing else. */
export const REQUIRED_PROVIDERS = { aws: { source: 'hashicorp/aws', version: '>= 5.0' } } as const;
export const REQUIRED_TERRAFORM = '>= 1.5.0';

export abstract class ModuleStack extends TerraformStack {
  /** Directory name of the module, e.g. `audit-role`. */
  abstract readonly moduleName: string;
  /** One paragraph for the README. */
  abstract readonly summary: string;
  /** Values for the HCL example; must cover every required variable. */
  abstract readonly exampleInputs: Readonly<Record<string, string | boolean>>;
  /** Statements of this module allowed `Resource: "*"`, with reasons. */
  abstract readonly resourceWildcards: readonly ResourceWildcard[];
  /** Extra markdown for the README (documented lists, caveats); '' for none. */
  abstract notes(): string;

  private partitionData?: DataAwsPartition;
  private accountData?: DataAwsCallerIdentity;

  protected variable(name: string, props: ModuleVariableProps): TerraformVariable {
    // Construct ids are prefixed so a variable and an output may share a Terraform name.
    const v = new TerraformVariable(this, `var-${name}`, {
      type: props.type,
      description: props.description,
      ...(props.default !== undefined ? { default: props.default } : {}),
      ...(props.sensitive === true ? { sensitive: true } : {}),
    });
    v.overrideLogicalId(name);
    return v;
  }

  protected output(name: string, value: string, description: string): TerraformOutput {
    const o = new TerraformOutput(this, `out-${name}`, { value, description });
    o.overrideLogicalId(name);
    return o;
  }

  /** `aws`, `aws-cn` or `aws-us-gov`, so ARNs work in every partition. */
  protected get partition(): string {
    this.partitionData ??= new DataAwsPartition(this, 'partition');
    return this.partitionData.partition;
  }

  /** The account the module is applied in. */
  protected get accountId(): string {
    this.accountData ??= new DataAwsCallerIdentity(this, 'current');
    return this.accountData.accountId;
  }
}

export type TfJson = Record<string, unknown> & {
  variable?: Record<string, { type?: string; default?: unknown; description?: string; sensitive?: boolean; nullable?: boolean }>;
  output?: Record<string, { value: string; description?: string; sensitive?: boolean }>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  locals?: Record<string, unknown>;
  terraform?: Record<string, unknown>;
};

/**
 * The module's Terraform JSON. The stack is rendered with `toTerraform()` rather than `app.synth()`:
 * synth adds a local backend and validates that a provider exists, and a module must have neither
 * (the caller's configuration supplies both). The cdktf metadata comment is dropped too.
 */
export function moduleJson(stack: ModuleStack): TfJson {
  const tf = stack.toTerraform() as TfJson;
  delete tf['//'];
  delete tf.provider;
  const terraform = { ...(tf.terraform ?? {}) };
  delete terraform.backend;
  delete terraform.cloud;
  tf.terraform = { ...terraform, required_version: REQUIRED_TERRAFORM, required_providers: REQUIRED_PROVIDERS };
  return tf;
}

/** A fresh app for one module: modules never share state with the root stack's app. */
export function moduleApp(): App {
  return new App({ outdir: join(tmpdir(), 'panther-modules-app'), skipValidation: true });
}
