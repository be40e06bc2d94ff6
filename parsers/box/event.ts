import { json, object, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';

// Box ids are strings; coerce keeps a numeric one a string.
const boxId = (description: string) => string({ coerce: true, description });

const userMini = (description: string) =>
  object(
    {
      type: string({ description: 'Always "user".' }),
      id: boxId('The ID of the user.'),
      // A display name ("Nick Lee", "Anonymous User"), not an account name: no indicator.
      name: string({ description: 'The display name of the user.' }),
      login: string({ indicators: ['email', 'username'], description: 'The primary email address of the user.' }),
    },
    { description },
  );

export const Event = defineLogType({
  name: 'Box.Event',
  description: 'Box enterprise events (admin_logs and admin_logs_streaming): logins, file and folder activity, sharing, collaboration and administrative changes.',
  reference: 'https://developer.box.com/reference/resources/event/',
  fields: {
    type: string({ required: true, description: 'Always "event".' }),
    event_id: string({ required: true, description: 'The ID of the event; repeated when the stream delivers an event again, so usable to drop duplicates.' }),
    event_type: string({ required: true, description: 'What happened, e.g. LOGIN, FAILED_LOGIN, UPLOAD, DOWNLOAD, DELETE, SHARE, COLLABORATION_INVITE, ADD_LOGIN_ACTIVITY_DEVICE.' }),
    created_at: timestamp({ required: true, description: 'When the event happened.' }),
    recorded_at: timestamp({ description: 'When the event was recorded in the Box database.' }),
    created_by: userMini('The user who performed the action.'),
    action_by: userMini('The admin who performed the action on behalf of created_by, if any.'),
    source: object(
      {
        type: string({ description: 'The kind of source, e.g. user, file, folder, group.' }),
        id: boxId('The ID of the source (users, groups, files and folders in user events).'),
        name: string({ description: 'The name of the source.' }),
        login: string({ indicators: ['email', 'username'], description: 'The primary email address of a user source.' }),
        item_type: string({ description: 'The type of the item: file or folder.' }),
        item_id: boxId('The ID of the item.'),
        item_name: string({ description: 'The name of the item.' }),
        owned_by: userMini('The owner of the item.'),
        parent: object(
          {
            type: string({ description: 'Always "folder".' }),
            id: boxId('The ID of the folder.'),
            name: string({ description: 'The name of the folder.' }),
            etag: string({ coerce: true, description: 'The HTTP etag of the folder.' }),
            sequence_id: string({ coerce: true, description: 'The sequence of the latest event applied to the folder.' }),
          },
          { description: 'The folder the item is in.' },
        ),
      },
      { description: 'The object the event is about: a file or folder (item_*), or a user or group.' },
    ),
    accessible_by: json({ description: 'The user or group given access, for collaboration events.' }),
    ip_address: string({ indicators: ['ip'], description: 'The IP address the request was made from.' }),
    session_id: string({ description: 'The session of the user who performed the action.' }),
    additional_details: json({ description: 'Event-specific details, e.g. size, version_id, shared link, service name.' }),
  },
  eventTime: 'created_at',
  parser: {
    kind: 'json',
    accept: (obj) => (obj.type === 'event' ? null : obj.type === undefined ? 'type: required field missing' : `type ${JSON.stringify(obj.type)} is not "event"`),
  },
  indicators: (e, set) => {
    // The collaborator of collaboration events: a user (with a login) or a group.
    const who = e.accessible_by;
    if (typeof who === 'object' && who !== null && !Array.isArray(who)) {
      const login = (who as Record<string, unknown>).login;
      set.add('email', login);
      set.add('username', login);
    }
  },
});
