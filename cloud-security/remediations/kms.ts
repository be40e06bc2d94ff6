// KMS remediation: automatic rotation of a customer managed symmetric key (AWS.KMS.Key).
import { EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { z } from 'zod';
import { call, defineRemediation, str, type ServiceApi } from './common.js';

export const kmsApi: ServiceApi = {
  service: 'kms',
  makeClient: (config) => new KMSClient(config),
  commands: { EnableKeyRotation: EnableKeyRotationCommand },
};

export const kmsEnableKeyRotation = defineRemediation({
  id: 'AWS.KMS.EnableKeyRotation',
  resourceTypes: ['AWS.KMS.Key'],
  description: 'Enables automatic yearly rotation of a customer managed symmetric key.',
  parameters: z.object({}),
  api: kmsApi,
  planWith(r) {
    // Rotation exists only for enabled customer managed symmetric keys with AWS-generated material.
    const applicable = r.KeyManager === 'CUSTOMER' && r.KeySpec === 'SYMMETRIC_DEFAULT' && r.KeyState === 'Enabled' && (r.Origin ?? 'AWS_KMS') === 'AWS_KMS';
    if (!applicable || r.KeyRotationEnabled !== false) return [];
    return [call('kms', 'EnableKeyRotation', { KeyId: str(r.KeyId) ?? r.ResourceId })];
  },
});

export const kmsRemediations = [kmsEnableKeyRotation];
