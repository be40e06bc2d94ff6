import { bigint, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { REFERENCE, client, location, user } from './common.js';

export const ItemUsage = defineLogType({
  name: 'OnePassword.ItemUsage',
  description: '1Password item usages from the Events API: items in shared vaults revealed, copied, filled or otherwise used.',
  reference: REFERENCE,
  fields: {
    uuid: string({ required: true, description: 'The UUID of the event.' }),
    timestamp: timestamp({ required: true, description: 'When the item was used.' }),
    used_version: bigint({ description: 'The version of the item that was used.' }),
    vault_uuid: string({ required: true, description: 'The UUID of the vault the item is in.' }),
    item_uuid: string({ required: true, description: 'The UUID of the item used.' }),
    action: string({ description: 'How the item was used: fill, enter-item-edit-mode, export, reveal, secure-copy, server-create, server-update, server-fetch, select-sso-provider...' }),
    user: user('The user who used the item.'),
    client,
    location,
    account_uuid: string({ description: 'The UUID of the account.' }),
  },
  eventTime: 'timestamp',
  // vault_uuid and item_uuid are required: sign-in attempts and audit events have neither.
  parser: { kind: 'json' },
});
