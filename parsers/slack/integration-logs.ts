import { boolean, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

const CHANGE_TYPES = new Set(['added', 'removed', 'enabled', 'disabled', 'updated', 'expanded']);

export const IntegrationLogs = defineLogType({
  name: 'Slack.IntegrationLogs',
  description: 'Slack team.integrationLogs entries: integrations (services and apps) added, changed, enabled, disabled or removed in a workspace.',
  reference: 'https://api.slack.com/methods/team.integrationLogs',
  fields: {
    user_id: string({ required: true, description: 'The ID of the user who made the change.' }),
    user_name: string({ indicators: ['username'], description: 'The username of the user who made the change.' }),
    // Slack returns service ids as numbers or strings depending on the entry.
    service_id: string({ coerce: true, description: 'The ID of the service (legacy integration) concerned.' }),
    service_type: string({ description: 'The type of the service concerned, e.g. Google Calendar.' }),
    app_id: string({ coerce: true, description: 'The ID of the Slack app concerned.' }),
    app_type: string({ description: 'The type of the app concerned.' }),
    date: timestamp({ required: true, format: 'unix', description: 'When the change happened (epoch seconds, as a string).' }),
    change_type: string({ required: true, description: 'The change: added, removed, enabled, disabled, updated or expanded.' }),
    scope: string({ description: 'The OAuth scopes involved, comma-separated.' }),
    channel: string({ description: 'The channel concerned, for integrations that post to one.' }),
    reason: string({ description: 'Why the integration was disabled, for disable changes.' }),
    resolution: string({ description: 'How a change request was resolved (approved, restricted...).' }),
    rss_feed: boolean({ description: 'Whether the entry is about an RSS feed (then the rss_feed_* fields are set).' }),
    rss_feed_change_type: string({ description: 'The change to the RSS feed.' }),
    rss_feed_title: string({ description: 'The title of the RSS feed.' }),
    rss_feed_url: string({ indicators: ['url'], description: 'The URL of the RSS feed.' }),
  },
  eventTime: 'date',
  parser: {
    kind: 'json',
    accept: (obj) => {
      const change = obj.change_type;
      if (typeof change !== 'string') return null; // the field check names what is wrong
      if (!CHANGE_TYPES.has(change)) return `change_type "${change.slice(0, 40)}" is not a Slack integration change`;
      // Every entry is about a service or an app.
      if (obj.service_id === undefined && obj.app_id === undefined) return 'service_id: required field missing (nor app_id)';
      return null;
    },
  },
});
