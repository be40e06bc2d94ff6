// EC2 remediations: VPC flow logs, private AMIs, stopping and terminating instances, and revoking
// world-open ingress to administration ports (fields of scanners/ec2.ts: the Describe* shapes).
import {
  CreateFlowLogsCommand,
  EC2Client,
  ModifyImageAttributeCommand,
  RevokeSecurityGroupIngressCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { z } from 'zod';
import type { ResourceSnapshot } from '../types.js';
import { call, defineRemediation, nameOf, obj, objs, str, type ServiceApi } from './common.js';

export const ec2Api: ServiceApi = {
  service: 'ec2',
  makeClient: (config) => new EC2Client(config),
  commands: {
    CreateFlowLogs: CreateFlowLogsCommand,
    ModifyImageAttribute: ModifyImageAttributeCommand,
    StopInstances: StopInstancesCommand,
    TerminateInstances: TerminateInstancesCommand,
    RevokeSecurityGroupIngress: RevokeSecurityGroupIngressCommand,
  },
};

/** The EC2 id (vpc-..., i-..., ami-..., sg-...) from the snapshot's own field, else its ARN. */
function ec2Id(r: ResourceSnapshot, field: string): string {
  return str(r[field]) ?? r.ResourceId.split('/').pop() ?? nameOf(r);
}

export const ec2EnableVpcFlowLogs = defineRemediation({
  id: 'AWS.EC2.EnableVPCFlowLogs',
  resourceTypes: ['AWS.EC2.VPC'],
  description: 'Creates a flow log for the VPC, to S3 or to CloudWatch Logs.',
  parameters: z
    .object({
      trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL'),
      logDestinationType: z.enum(['s3', 'cloud-watch-logs']).default('s3'),
      /** The bucket (or bucket/prefix) ARN, or the log group ARN. */
      logDestination: z.string().startsWith('arn:'),
      /** The role CloudWatch Logs delivery assumes; required for cloud-watch-logs. */
      deliverLogsPermissionArn: z.string().startsWith('arn:').optional(),
    })
    .refine((p) => p.logDestinationType !== 'cloud-watch-logs' || p.deliverLogsPermissionArn !== undefined, {
      message: 'deliverLogsPermissionArn is required for cloud-watch-logs',
    }),
  api: ec2Api,
  planWith(r, p) {
    // FlowLogs null means the scanner could not read them: unknown, so the snapshot is treated
    // as without flow logs only when it says [] explicitly.
    if (!Array.isArray(r.FlowLogs) || r.FlowLogs.length > 0) return [];
    const input: Record<string, unknown> = {
      ResourceIds: [ec2Id(r, 'VpcId')],
      ResourceType: 'VPC',
      TrafficType: p.trafficType,
      LogDestinationType: p.logDestinationType,
      LogDestination: p.logDestination,
    };
    if (p.deliverLogsPermissionArn) input.DeliverLogsPermissionArn = p.deliverLogsPermissionArn;
    return [call('ec2', 'CreateFlowLogs', input)];
  },
});

export const ec2MakeAmiPrivate = defineRemediation({
  id: 'AWS.EC2.MakeAMIPrivate',
  resourceTypes: ['AWS.EC2.AMI'],
  description: 'Removes the public launch permission of the AMI.',
  parameters: z.object({}),
  api: ec2Api,
  planWith(r) {
    if (r.Public !== true) return [];
    return [call('ec2', 'ModifyImageAttribute', { ImageId: ec2Id(r, 'ImageId'), LaunchPermission: { Remove: [{ Group: 'all' }] } })];
  },
});

const stateOf = (r: ResourceSnapshot): string | null => str(obj(r.State)?.Name);

export const ec2StopInstance = defineRemediation({
  id: 'AWS.EC2.StopInstance',
  resourceTypes: ['AWS.EC2.Instance'],
  description: 'Stops the instance (a running or pending one; stopped and terminated ones are left as they are).',
  parameters: z.object({}),
  api: ec2Api,
  planWith(r) {
    const state = stateOf(r);
    if (state !== 'running' && state !== 'pending') return [];
    return [call('ec2', 'StopInstances', { InstanceIds: [ec2Id(r, 'InstanceId')] })];
  },
});

export const ec2TerminateInstance = defineRemediation({
  id: 'AWS.EC2.TerminateInstance',
  resourceTypes: ['AWS.EC2.Instance'],
  description: 'Terminates the instance.',
  parameters: z.object({}),
  api: ec2Api,
  planWith(r) {
    const state = stateOf(r);
    if (state === 'terminated' || state === 'shutting-down') return [];
    return [call('ec2', 'TerminateInstances', { InstanceIds: [ec2Id(r, 'InstanceId')] })];
  },
});

/** Whether an ingress permission (protocol and port range) reaches one of the ports over TCP. */
function coversPort(perm: Record<string, unknown>, ports: readonly number[]): boolean {
  const protocol = str(perm.IpProtocol);
  if (protocol === '-1') return true;
  if (protocol !== 'tcp' && protocol !== '6') return false;
  const from = typeof perm.FromPort === 'number' ? perm.FromPort : 0;
  const to = typeof perm.ToPort === 'number' ? perm.ToPort : 65535;
  return ports.some((p) => p >= from && p <= to);
}

export const ec2RevokeWorldOpenAdminIngress = defineRemediation({
  id: 'AWS.EC2.RevokeWorldOpenAdminIngress',
  resourceTypes: ['AWS.EC2.SecurityGroup'],
  description: 'Revokes the ingress rules that open administration ports (SSH, RDP by default) to 0.0.0.0/0 or ::/0.',
  parameters: z.object({ ports: z.array(z.number().int().min(0).max(65535)).min(1).default([22, 3389]) }),
  api: ec2Api,
  planWith(r, p) {
    const revoke: Record<string, unknown>[] = [];
    for (const perm of objs(r.IpPermissions)) {
      if (!coversPort(perm, p.ports)) continue;
      const v4 = objs(perm.IpRanges).filter((x) => x.CidrIp === '0.0.0.0/0');
      const v6 = objs(perm.Ipv6Ranges).filter((x) => x.CidrIpv6 === '::/0');
      if (v4.length === 0 && v6.length === 0) continue;
      // Only the world-open ranges of the rule go; its other sources stay. A rule is matched by
      // protocol, ports and source, so descriptions are not sent.
      const rule: Record<string, unknown> = { IpProtocol: perm.IpProtocol };
      if (perm.FromPort !== undefined) rule.FromPort = perm.FromPort;
      if (perm.ToPort !== undefined) rule.ToPort = perm.ToPort;
      if (v4.length > 0) rule.IpRanges = [{ CidrIp: '0.0.0.0/0' }];
      if (v6.length > 0) rule.Ipv6Ranges = [{ CidrIpv6: '::/0' }];
      revoke.push(rule);
    }
    if (revoke.length === 0) return [];
    return [call('ec2', 'RevokeSecurityGroupIngress', { GroupId: ec2Id(r, 'GroupId'), IpPermissions: revoke })];
  },
});

export const ec2Remediations = [ec2EnableVpcFlowLogs, ec2MakeAmiPrivate, ec2StopInstance, ec2TerminateInstance, ec2RevokeWorldOpenAdminIngress];
