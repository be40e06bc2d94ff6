// The object store port: S3 on AWS, a directory locally, with the same key layout.
import type { Writable } from 'node:stream';

export interface ObjectMeta {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
  readonly etag?: string;
  readonly versionId?: string;
}

export interface StoredObject {
  readonly meta: ObjectMeta;
  readonly body: AsyncIterable<Uint8Array>;
}

export interface ObjectUpload {
  /** Write the object's bytes here and end it. */
  readonly stream: Writable;
  /** Settles once the object is durably stored (or failed); nothing is visible before. */
  readonly done: Promise<void>;
}

export interface ObjectStore {
  /** A human-readable location for messages, e.g. s3://bucket or a directory. */
  readonly location: string;
  get(key: string, versionId?: string): Promise<StoredObject>;
  /** Streams a new object; an object at the same key is replaced whole, never appended to. */
  upload(key: string, contentType: string): ObjectUpload;
  list(prefix: string): AsyncIterable<ObjectMeta>;
  /** Removes the object; removing a key that does not exist is not an error (as S3's DeleteObject). */
  delete(key: string): Promise<void>;
}
