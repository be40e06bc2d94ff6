// S3 "object created" notifications as they reach the input queue: direct from S3, wrapped
// in SNS (raw or not), or as EventBridge events. Test events and other event kinds are ignored.

export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly etag?: string;
  readonly size?: number;
}

export class NotificationError extends Error {
  override name = 'NotificationError';
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** S3 event notification keys are URL-encoded, with '+' for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** The objects a queue message announces; [] for test events; throws NotificationError on anything unrecognised. */
export function objectsFromMessage(body: string): ObjectRef[] {
  let msg: unknown;
  try {
    msg = JSON.parse(body);
  } catch (err) {
    throw new NotificationError(`message body is not JSON: ${(err as Error).message}`);
  }
  return objectsFrom(msg, 0);
}

function objectsFrom(msg: unknown, depth: number): ObjectRef[] {
  if (!isObj(msg)) throw new NotificationError('message is not a JSON object');
  if (depth > 2) throw new NotificationError('notification nested too deeply');
  // SNS envelope (non-raw delivery): the S3 event is a JSON string in Message.
  if (msg.Type === 'Notification' && typeof msg.Message === 'string') {
    let inner: unknown;
    try {
      inner = JSON.parse(msg.Message);
    } catch (err) {
      throw new NotificationError(`SNS Message is not JSON: ${(err as Error).message}`);
    }
    return objectsFrom(inner, depth + 1);
  }
  if (msg.Type === 'SubscriptionConfirmation' || msg.Type === 'UnsubscribeConfirmation') return [];
  if (msg.Event === 's3:TestEvent') return [];
  if (Array.isArray(msg.Records)) return msg.Records.flatMap((r, i) => fromS3Record(r, i));
  if (msg.source === 'aws.s3' && isObj(msg.detail)) return fromEventBridge(msg);
  throw new NotificationError(`unrecognised notification (keys: ${Object.keys(msg).slice(0, 8).join(', ')})`);
}

function fromS3Record(r: unknown, i: number): ObjectRef[] {
  if (!isObj(r)) throw new NotificationError(`Records[${i}] is not an object`);
  const name = str(r.eventName) ?? '';
  if (!name.startsWith('ObjectCreated:')) return [];
  const s3 = isObj(r.s3) ? r.s3 : undefined;
  const bucket = s3 !== undefined && isObj(s3.bucket) ? str(s3.bucket.name) : undefined;
  const obj = s3 !== undefined && isObj(s3.object) ? s3.object : undefined;
  const key = obj !== undefined ? str(obj.key) : undefined;
  if (bucket === undefined || key === undefined || obj === undefined) throw new NotificationError(`Records[${i}]: s3.bucket.name or s3.object.key missing`);
  return [ref(bucket, decodeS3Key(key), str(obj.versionId), str(obj.eTag), obj.size)];
}

function fromEventBridge(msg: Json): ObjectRef[] {
  if (msg['detail-type'] !== 'Object Created') return [];
  const d = msg.detail as Json;
  const bucket = isObj(d.bucket) ? str(d.bucket.name) : undefined;
  const obj = isObj(d.object) ? d.object : undefined;
  const key = obj !== undefined ? str(obj.key) : undefined;
  if (bucket === undefined || key === undefined || obj === undefined) throw new NotificationError('EventBridge detail.bucket.name or detail.object.key missing');
  // EventBridge keys are not URL-encoded.
  return [ref(bucket, key, str(obj['version-id']), str(obj.etag), obj.size)];
}

function ref(bucket: string, key: string, versionId: string | undefined, etag: string | undefined, size: unknown): ObjectRef {
  return {
    bucket,
    key,
    ...(versionId !== undefined ? { versionId } : {}),
    ...(etag !== undefined ? { etag } : {}),
    ...(typeof size === 'number' ? { size } : {}),
  };
}
