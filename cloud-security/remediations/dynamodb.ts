// DynamoDB remediation: encryption at rest with a KMS key (AWS.DynamoDB.Table).
import { DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { call, defineRemediation, nameOf, obj, str, type ServiceApi } from './common.js';

export const dynamoDbApi: ServiceApi = {
  service: 'dynamodb',
  makeClient: (config) => new DynamoDBClient(config),
  commands: { UpdateTable: UpdateTableCommand },
};

export const dynamoDbEnableKmsEncryption = defineRemediation({
  id: 'AWS.DynamoDB.EnableKMSEncryption',
  resourceTypes: ['AWS.DynamoDB.Table'],
  description: 'Encrypts the table with a KMS key (the AWS managed aws/dynamodb key, or the given one) instead of the DynamoDB-owned key.',
  parameters: z.object({ kmsMasterKeyId: z.string().min(1).optional() }),
  api: dynamoDbApi,
  planWith(r, p) {
    const sse = obj(r.SSEDescription);
    const status = str(sse?.Status);
    const onKms = sse?.SSEType === 'KMS' && (status === 'ENABLED' || status === 'ENABLING' || status === 'UPDATING');
    // A requested key is satisfied by that key's ARN (or its id at the end of the ARN).
    const keyArn = str(sse?.KMSMasterKeyArn);
    const rightKey = p.kmsMasterKeyId === undefined || (keyArn !== null && (keyArn === p.kmsMasterKeyId || keyArn.endsWith(`/${p.kmsMasterKeyId}`)));
    if (onKms && rightKey) return [];
    const spec: Record<string, unknown> = { Enabled: true, SSEType: 'KMS' };
    if (p.kmsMasterKeyId) spec.KMSMasterKeyId = p.kmsMasterKeyId;
    return [call('dynamodb', 'UpdateTable', { TableName: nameOf(r), SSESpecification: spec })];
  },
});

export const dynamoDbRemediations = [dynamoDbEnableKmsEncryption];
