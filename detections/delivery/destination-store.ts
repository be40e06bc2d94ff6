// Where destination configurations live. Settings and secrets are kept apart: locally both in the
// state directory (files readable by the owner only); on AWS settings in the document store and
// secrets in Secrets Manager, so no secret sits in DynamoDB, Terraform state or logs.
import type { DestinationConfig } from './config.js';

export interface DestinationStore {
  /** Every destination, secrets included (delivery needs them; never log or return them). */
  list(): Promise<DestinationConfig[]>;
  get(id: string): Promise<DestinationConfig | undefined>;
  /** Creates or replaces the destination `config.id`. */
  put(config: DestinationConfig): Promise<void>;
  /** True when it existed. */
  delete(id: string): Promise<boolean>;
}
