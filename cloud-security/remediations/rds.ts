// RDS remediations: public accessibility and minor version upgrades of an instance
// (AWS.RDS.Instance), and the public restore permission of a manual snapshot (AWS.RDS.Snapshot).
import { ModifyDBInstanceCommand, ModifyDBSnapshotAttributeCommand, RDSClient } from '@aws-sdk/client-rds';
import { z } from 'zod';
import { call, defineRemediation, nameOf, objs, type ServiceApi } from './common.js';

export const rdsApi: ServiceApi = {
  service: 'rds',
  makeClient: (config) => new RDSClient(config),
  commands: { ModifyDBInstance: ModifyDBInstanceCommand, ModifyDBSnapshotAttribute: ModifyDBSnapshotAttributeCommand },
};

// Without ApplyImmediately the change waits for the next maintenance window.
const applyImmediately = z.object({ applyImmediately: z.boolean().default(true) });

export const rdsDisablePublicAccess = defineRemediation({
  id: 'AWS.RDS.DisableInstancePublicAccess',
  resourceTypes: ['AWS.RDS.Instance'],
  description: 'Makes the DB instance not publicly accessible.',
  parameters: applyImmediately,
  api: rdsApi,
  planWith(r, p) {
    if (r.PubliclyAccessible !== true) return [];
    return [call('rds', 'ModifyDBInstance', { DBInstanceIdentifier: nameOf(r), PubliclyAccessible: false, ApplyImmediately: p.applyImmediately })];
  },
});

export const rdsEnableMinorVersionUpgrade = defineRemediation({
  id: 'AWS.RDS.EnableAutoMinorVersionUpgrade',
  resourceTypes: ['AWS.RDS.Instance'],
  description: 'Turns on automatic minor engine version upgrades of the DB instance.',
  parameters: applyImmediately,
  api: rdsApi,
  planWith(r, p) {
    if (r.AutoMinorVersionUpgrade !== false) return [];
    return [call('rds', 'ModifyDBInstance', { DBInstanceIdentifier: nameOf(r), AutoMinorVersionUpgrade: true, ApplyImmediately: p.applyImmediately })];
  },
});

export const rdsMakeSnapshotPrivate = defineRemediation({
  id: 'AWS.RDS.MakeSnapshotPrivate',
  resourceTypes: ['AWS.RDS.Snapshot'],
  description: 'Removes the public ("all") restore permission of a manual DB snapshot; sharing with named accounts stays.',
  parameters: z.object({}),
  api: rdsApi,
  planWith(r) {
    const restore = objs(r.DBSnapshotAttributes).find((a) => a.AttributeName === 'restore');
    const values = Array.isArray(restore?.AttributeValues) ? restore.AttributeValues : [];
    if (!values.includes('all')) return [];
    return [call('rds', 'ModifyDBSnapshotAttribute', { DBSnapshotIdentifier: nameOf(r), AttributeName: 'restore', ValuesToRemove: ['all'] })];
  },
});

export const rdsRemediations = [rdsDisablePublicAccess, rdsMakeSnapshotPrivate, rdsEnableMinorVersionUpgrade];
