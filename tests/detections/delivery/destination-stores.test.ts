// Destination stores: the document store one (local) and the AWS one (settings in the document
// store, secrets in Secrets Manager; request shapes asserted with aws-sdk-client-mock).
import t from 'tap';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { DestinationConfig } from '../../../detections/delivery/config.js';
import { AwsDestinationStore, destinationSecretName } from '../../../detections/delivery/stores/aws-destination-store.js';
import { DESTINATIONS_COLLECTION, DocumentDestinationStore } from '../../../detections/delivery/stores/document-destination-store.js';
import { MemoryDocumentStore } from './fixtures/memory-document-store.js';

const slack = DestinationConfig.parse({ id: 'slack-1', name: 'SecOps', type: 'slack', defaultForSeverity: ['HIGH'], secrets: { webhookUrl: 'https://hooks.slack.example/services/T0/B0/SECRETTOKEN123' } });
const sqs = DestinationConfig.parse({ id: 'sqs-1', name: 'Queue', type: 'sqs', settings: { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/alerts' } });

t.test('document store: put, get, list in id order, delete', async (t) => {
  const docs = new MemoryDocumentStore();
  const store = new DocumentDestinationStore(docs);
  await store.put(slack);
  await store.put(sqs);
  t.same(await store.get('slack-1'), slack);
  t.same((await store.list()).map((d) => d.id), ['slack-1', 'sqs-1']);
  t.equal(await store.delete('slack-1'), true);
  t.equal(await store.delete('slack-1'), false);
  t.equal(await store.get('slack-1'), undefined);
  t.same([...(docs.data.get(DESTINATIONS_COLLECTION)?.keys() ?? [])], ['sqs-1']);
});

t.test('document store: invalid documents are skipped and reported by id without their values', async (t) => {
  const docs = new MemoryDocumentStore();
  await docs.collection(DESTINATIONS_COLLECTION).put('bad', { id: 'bad', name: 'Bad', type: 'slack', secrets: { webhookUrl: 'not a url SECRETVALUE' } });
  await docs.collection(DESTINATIONS_COLLECTION).put('other', { ...slack });
  const reported: Array<[string, string[]]> = [];
  const store = new DocumentDestinationStore(docs, { onInvalid: (id, p) => reported.push([id, p]) });
  t.same(await store.list(), []);
  t.same(reported.map(([id]) => id), ['bad', 'other']);
  t.match(reported[0]![1][0], /^secrets\.webhookUrl: /);
  t.notMatch(JSON.stringify(reported), /SECRETVALUE/);
  t.match(reported[1]![1][0], /^id: the document says "slack-1"/);
});

t.test('document store: ids unsafe in file or secret names are refused', async (t) => {
  const store = new DocumentDestinationStore(new MemoryDocumentStore());
  await t.rejects(store.put({ ...slack, id: '../escape' }), /destination id/);
  await t.rejects(store.get('a/b'), /destination id/);
});

t.test('aws store: secrets go to Secrets Manager, settings to the document store', async (t) => {
  const sm = mockClient(SecretsManagerClient);
  t.teardown(() => sm.restore());
  sm.on(PutSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'Secrets Manager can not find the specified secret.', $metadata: {} }));
  sm.on(CreateSecretCommand).resolves({ ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:acme/destinations/slack-1-AbCdEf', Name: 'acme/destinations/slack-1' });
  sm.on(DeleteSecretCommand).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
  const docs = new MemoryDocumentStore();
  const store = new AwsDestinationStore({ documents: docs, secrets: new SecretsManagerClient({ region: 'us-east-1' }), prefix: 'acme', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1' });
  await store.put(slack);
  t.same(sm.commandCalls(PutSecretValueCommand)[0]!.args[0].input, { SecretId: 'acme/destinations/slack-1', SecretString: JSON.stringify(slack.secrets) });
  t.same(sm.commandCalls(CreateSecretCommand)[0]!.args[0].input, {
    Name: 'acme/destinations/slack-1',
    SecretString: JSON.stringify(slack.secrets),
    Description: 'Panther alert destination credentials',
    KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k1',
  });
  const stored = docs.data.get(DESTINATIONS_COLLECTION)?.get('slack-1')?.value;
  t.same(stored, { id: 'slack-1', name: 'SecOps', defaultForSeverity: ['HIGH'], type: 'slack', settings: {}, secretName: 'acme/destinations/slack-1' });
  t.notMatch(JSON.stringify(stored), /SECRETTOKEN/);

  // A destination without secrets gets no secret (and any old one is removed).
  await store.put(sqs);
  t.equal(sm.commandCalls(CreateSecretCommand).length, 1);
  t.same(sm.commandCalls(DeleteSecretCommand)[0]!.args[0].input, { SecretId: 'acme/destinations/sqs-1', ForceDeleteWithoutRecovery: true });
});

t.test('aws store: an existing secret is updated in place', async (t) => {
  const sm = mockClient(SecretsManagerClient);
  t.teardown(() => sm.restore());
  sm.on(PutSecretValueCommand).resolves({ VersionId: 'v2' });
  const store = new AwsDestinationStore({ documents: new MemoryDocumentStore(), secrets: new SecretsManagerClient({ region: 'us-east-1' }), prefix: 'acme' });
  await store.put(slack);
  t.equal(sm.commandCalls(PutSecretValueCommand).length, 1);
  t.equal(sm.commandCalls(CreateSecretCommand).length, 0);
});

t.test('aws store: list and get join settings and secrets; a missing secret skips the destination', async (t) => {
  const sm = mockClient(SecretsManagerClient);
  t.teardown(() => sm.restore());
  sm.on(GetSecretValueCommand, { SecretId: 'acme/destinations/slack-1' }).resolves({ Name: 'acme/destinations/slack-1', SecretString: JSON.stringify(slack.secrets) });
  sm.on(GetSecretValueCommand, { SecretId: 'acme/destinations/gone' }).rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
  const docs = new MemoryDocumentStore();
  const col = docs.collection<Record<string, unknown>>(DESTINATIONS_COLLECTION);
  await col.put('slack-1', { id: 'slack-1', name: 'SecOps', defaultForSeverity: ['HIGH'], type: 'slack', settings: {}, secretName: 'acme/destinations/slack-1' });
  await col.put('gone', { id: 'gone', name: 'Gone', defaultForSeverity: [], type: 'webhook', settings: {}, secretName: 'acme/destinations/gone' });
  await col.put('sqs-1', { id: 'sqs-1', name: 'Queue', defaultForSeverity: [], type: 'sqs', settings: sqs.settings });
  const reported: string[] = [];
  const store = new AwsDestinationStore({ documents: docs, secrets: new SecretsManagerClient({ region: 'us-east-1' }), prefix: 'acme', onInvalid: (id, p) => reported.push(`${id}: ${p.join(', ')}`) });
  t.same(await store.list(), [slack, sqs]);
  t.same(reported, ['gone: secrets: ResourceNotFoundException reading acme/destinations/gone']);
  t.same(await store.get('slack-1'), slack);
  t.equal(await store.get('nope'), undefined);
  // Secretless destinations never call Secrets Manager.
  t.same(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input.SecretId).sort(), ['acme/destinations/gone', 'acme/destinations/slack-1', 'acme/destinations/slack-1']);
});

t.test('aws store: delete removes the document and the secret', async (t) => {
  const sm = mockClient(SecretsManagerClient);
  t.teardown(() => sm.restore());
  sm.on(PutSecretValueCommand).resolves({});
  sm.on(DeleteSecretCommand).resolves({});
  const store = new AwsDestinationStore({ documents: new MemoryDocumentStore(), secrets: new SecretsManagerClient({ region: 'us-east-1' }), prefix: 'acme' });
  await store.put(slack);
  t.equal(await store.delete('slack-1'), true);
  t.same(sm.commandCalls(DeleteSecretCommand).map((c) => c.args[0].input), [{ SecretId: destinationSecretName('acme', 'slack-1'), ForceDeleteWithoutRecovery: true }]);
  t.equal(await store.get('slack-1'), undefined);
});
