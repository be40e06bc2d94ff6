// The AWS destination store: settings in the document store (DynamoDB), secrets in Secrets Manager
// under `<prefix>/destinations/<id>`, so no webhook URL or token sits in DynamoDB, in Terraform
// state or in a log line. The delivery function only needs secretsmanager:GetSecretValue on that
// prefix; writes come from the API.
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { DocumentCollection, DocumentStore } from '../../../adapters/document-store.js';
import { DestinationConfig } from '../config.js';
import type { DestinationStore } from '../destination-store.js';
import { checkDestinationId, DESTINATIONS_COLLECTION, problemsOf, type DocumentDestinationStoreOptions } from './document-destination-store.js';

/** What DynamoDB holds: the destination without its secrets, and where they are. */
interface SettingsDocument extends Record<string, unknown> {
  /** Absent for destinations without secrets (SNS, SQS): no secret is created for them. */
  readonly secretName?: string;
}

export interface AwsDestinationStoreOptions extends DocumentDestinationStoreOptions {
  readonly documents: DocumentStore;
  readonly secrets: SecretsManagerClient;
  /** The deployment prefix: secrets are `<prefix>/destinations/<id>`. */
  readonly prefix: string;
  /** Encrypts new secrets; default the account's aws/secretsmanager key. */
  readonly kmsKeyId?: string;
}

export function destinationSecretName(prefix: string, id: string): string {
  return `${prefix}/destinations/${id}`;
}

function errorName(err: unknown): string | undefined {
  return err !== null && typeof err === 'object' ? (err as { name?: string }).name : undefined;
}

export class AwsDestinationStore implements DestinationStore {
  private readonly docs: DocumentCollection<SettingsDocument>;

  constructor(private readonly options: AwsDestinationStoreOptions) {
    this.docs = options.documents.collection<SettingsDocument>(DESTINATIONS_COLLECTION);
  }

  private async readSecrets(id: string, name: string): Promise<unknown> {
    try {
      const out = await this.options.secrets.send(new GetSecretValueCommand({ SecretId: name }));
      return JSON.parse(out.SecretString ?? 'null') as unknown;
    } catch (err) {
      // Only the error's name: a parse error of a secret could quote part of it.
      this.options.onInvalid?.(id, [`secrets: ${errorName(err) ?? 'Error'} reading ${name}`]);
      return undefined;
    }
  }

  private async assemble(id: string, doc: SettingsDocument): Promise<DestinationConfig | undefined> {
    const { secretName, ...rest } = doc;
    let secrets: unknown = {};
    if (secretName !== undefined) {
      secrets = await this.readSecrets(id, secretName);
      if (secrets === undefined) return undefined;
    }
    const parsed = DestinationConfig.safeParse({ ...rest, secrets });
    if (!parsed.success) {
      this.options.onInvalid?.(id, problemsOf(parsed.error));
      return undefined;
    }
    if (parsed.data.id !== id) {
      this.options.onInvalid?.(id, [`id: the document says "${parsed.data.id}"`]);
      return undefined;
    }
    return parsed.data;
  }

  async list(): Promise<DestinationConfig[]> {
    const docs = await this.docs.list();
    // Collections are small (tens of destinations): one GetSecretValue each, in parallel.
    const configs = await Promise.all(docs.map((d) => this.assemble(d.id, d.value)));
    return configs.filter((c): c is DestinationConfig => c !== undefined);
  }

  async get(id: string): Promise<DestinationConfig | undefined> {
    checkDestinationId(id);
    const doc = await this.docs.get(id);
    return doc === undefined ? undefined : this.assemble(id, doc.value);
  }

  async put(config: DestinationConfig): Promise<void> {
    checkDestinationId(config.id);
    const parsed = DestinationConfig.safeParse(config);
    if (!parsed.success) throw new Error(`destination ${config.id}: ${problemsOf(parsed.error).join('; ')}`);
    const { secrets, ...settings } = parsed.data;
    const name = destinationSecretName(this.options.prefix, config.id);
    const hasSecrets = Object.keys(secrets).length > 0;
    // The secret first: a destination document never points at a secret that is not there yet.
    if (hasSecrets) await this.writeSecret(name, JSON.stringify(secrets));
    await this.docs.put(config.id, hasSecrets ? { ...settings, secretName: name } : { ...settings });
    if (!hasSecrets) await this.deleteSecret(name);
  }

  async delete(id: string): Promise<boolean> {
    checkDestinationId(id);
    const existed = await this.docs.delete(id);
    await this.deleteSecret(destinationSecretName(this.options.prefix, id));
    return existed;
  }

  private async writeSecret(name: string, value: string): Promise<void> {
    try {
      await this.options.secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
    } catch (err) {
      if (errorName(err) !== 'ResourceNotFoundException') throw err;
      await this.options.secrets.send(
        new CreateSecretCommand({
          Name: name,
          SecretString: value,
          Description: 'Panther alert destination credentials',
          ...(this.options.kmsKeyId !== undefined ? { KmsKeyId: this.options.kmsKeyId } : {}),
        }),
      );
    }
  }

  private async deleteSecret(name: string): Promise<void> {
    try {
      // Without recovery: a destination re-created with the same id must be able to take the name
      // again at once (a secret scheduled for deletion blocks its name for up to 30 days).
      await this.options.secrets.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    } catch (err) {
      if (errorName(err) !== 'ResourceNotFoundException') throw err;
    }
  }
}
