// IAM building blocks shared by the modules: the trust policy pattern and named-statement policies.
import { Construct } from 'constructs';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';

export interface Statement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: readonly { test: string; variable: string; values: string[] }[];
}

/**
 * Trust policy: only `principalArn` may assume the role, and only with the external id
 * (the confused-deputy guard: the deployment passes its own id for this account).
 */
export function trustPolicy(scope: Construct, id: string, principalArn: string, externalId: string): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        sid: 'AssumeWithExternalId',
        effect: 'Allow',
        actions: ['sts:AssumeRole'],
        principals: [{ type: 'AWS', identifiers: [principalArn] }],
        condition: [{ test: 'StringEquals', variable: 'sts:ExternalId', values: [externalId] }],
      },
    ],
  });
}

/** Trust policy without the external id, for roles where it is optional (the caller's CI). */
export function trustPolicyWithoutExternalId(scope: Construct, id: string, principalArn: string): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [{ sid: 'AssumeByPrincipal', effect: 'Allow', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: [principalArn] }] }],
  });
}

export function policyDocument(scope: Construct, id: string, statements: readonly Statement[]): DataAwsIamPolicyDocument {
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: 'Allow',
      actions: [...s.actions],
      resources: [...s.resources],
      ...(s.conditions !== undefined ? { condition: s.conditions.map((c) => ({ ...c, values: [...c.values] })) } : {}),
    })),
  });
}
