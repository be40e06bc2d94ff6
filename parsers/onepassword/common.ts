// What the 1Password Events API records share: the user and client objects, the location of
// the request, and the reference.
import { float, object, string } from '../core/fields.js';

export const REFERENCE = 'https://developer.1password.com/docs/events-api/reference/';

export const user = (description: string) =>
  object(
    {
      uuid: string({ description: 'The UUID of the user.' }),
      name: string({ description: 'The name of the user when the event was generated.' }),
      email: string({ indicators: ['email', 'username'], description: 'The email address of the user when the event was generated.' }),
      user_type: string({ description: 'The kind of user, e.g. user or service_account.' }),
      user_account_uuid: string({ description: 'The UUID of the account the user belongs to (MSP accounts).' }),
    },
    { description },
  );

export const client = object(
  {
    app_name: string({ description: 'The 1Password app used, e.g. 1Password Browser Extension, 1Password CLI.' }),
    app_version: string({ description: 'The version of the app.' }),
    platform_name: string({ description: 'The platform the app ran on, e.g. Chrome, Windows.' }),
    platform_version: string({ description: 'The version of the browser or computer, or the CPU for the CLI.' }),
    os_name: string({ description: 'The operating system, e.g. MacOSX.' }),
    os_version: string({ description: 'The version of the operating system.' }),
    ip_address: string({ indicators: ['ip'], description: 'The IP address the request came from.' }),
  },
  { description: 'The client that made the request.' },
);

export const location = object(
  {
    country: string({ description: 'The country code.' }),
    region: string({ description: 'The region.' }),
    city: string({ description: 'The city.' }),
    latitude: float({ description: 'The latitude.' }),
    longitude: float({ description: 'The longitude.' }),
  },
  { description: 'Where the request came from, from its IP address.' },
);
