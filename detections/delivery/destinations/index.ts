// buildRequest for every HTTP destination, dispatched on the config's type.
import type { Alert } from '../../types.js';
import type { DestinationConfig } from '../config.js';
import type { MessageOptions } from '../message.js';
import * as asana from './asana.js';
import * as github from './github.js';
import * as jira from './jira.js';
import * as msteams from './msteams.js';
import * as opsgenie from './opsgenie.js';
import * as pagerduty from './pagerduty.js';
import type { HttpRequest } from './request.js';
import * as slack from './slack.js';
import * as webhook from './webhook.js';

export type { HttpRequest } from './request.js';

export type HttpDestinationConfig = Exclude<DestinationConfig, { type: 'sns' | 'sqs' }>;

export function buildRequest(alert: Alert, config: HttpDestinationConfig, options: MessageOptions): HttpRequest {
  switch (config.type) {
    case 'slack':
      return slack.buildRequest(alert, config, options);
    case 'pagerduty':
      return pagerduty.buildRequest(alert, config, options);
    case 'opsgenie':
      return opsgenie.buildRequest(alert, config, options);
    case 'msteams':
      return msteams.buildRequest(alert, config, options);
    case 'jira':
      return jira.buildRequest(alert, config, options);
    case 'github':
      return github.buildRequest(alert, config, options);
    case 'asana':
      return asana.buildRequest(alert, config, options);
    case 'webhook':
      return webhook.buildRequest(alert, config, options);
    default:
      // Only reachable with an unvalidated config; say which type instead of sending nothing.
      throw new Error(`unsupported destination type "${(config as { type: unknown }).type}"`);
  }
}
