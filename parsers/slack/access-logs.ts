import { bigint, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

export const AccessLogs = defineLogType({
  name: 'Slack.AccessLogs',
  description: 'Slack team.accessLogs entries: logins grouped by user, IP address and user agent, with first and last access.',
  reference: 'https://api.slack.com/methods/team.accessLogs',
  fields: {
    user_id: string({ required: true, description: 'The ID of the user accessing Slack.' }),
    username: string({ indicators: ['username'], description: 'The username of the user accessing Slack.' }),
    date_first: timestamp({ required: true, format: 'unix', description: 'The first access for this user, IP address and user agent combination (epoch seconds).' }),
    date_last: timestamp({ required: true, format: 'unix', description: 'The most recent access for this combination (epoch seconds).' }),
    count: bigint({ required: true, coerce: true, description: 'The number of accesses for this combination.' }),
    ip: string({ required: true, indicators: ['ip'], description: 'The IP address of the device used to access Slack.' }),
    user_agent: string({ description: 'The user agent string reported by the browser or client application.' }),
    isp: string({ description: 'Best guess at the internet service provider owning the IP address.' }),
    country: string({ description: 'Best guess at the country the access came from, based on the IP address.' }),
    region: string({ description: 'Best guess at the region the access came from, based on the IP address.' }),
  },
  eventTime: 'date_last',
  parser: { kind: 'json' },
});
