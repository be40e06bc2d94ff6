import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { PassThrough, type Readable } from 'node:stream';
import type { ObjectMeta, ObjectStore, ObjectUpload, StoredObject } from '../object-store.js';

/** One bucket through the AWS SDK v3; uploads stream through multipart so memory stays bounded. */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  get location(): string {
    return `s3://${this.bucket}`;
  }

  async get(key: string, versionId?: string): Promise<StoredObject> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }));
    if (out.Body === undefined) throw new Error(`s3://${this.bucket}/${key}: GetObject returned no body`);
    return {
      meta: {
        key,
        size: out.ContentLength ?? 0,
        lastModified: out.LastModified ?? new Date(0),
        ...(out.ETag !== undefined ? { etag: out.ETag.replace(/"/g, '') } : {}),
        ...(out.VersionId !== undefined ? { versionId: out.VersionId } : {}),
      },
      body: out.Body as Readable,
    };
  }

  upload(key: string, contentType: string): ObjectUpload {
    const stream = new PassThrough({ highWaterMark: 1 << 20 });
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: stream, ContentType: contentType },
      queueSize: 2,
      partSize: 8 * 1024 * 1024,
      leavePartsOnError: false,
    });
    const done = upload.done().then(() => undefined);
    done.catch(() => stream.destroy());
    return { stream, done };
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async *list(prefix: string): AsyncIterable<ObjectMeta> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (o.Key === undefined) continue;
        yield {
          key: o.Key,
          size: o.Size ?? 0,
          lastModified: o.LastModified ?? new Date(0),
          ...(o.ETag !== undefined ? { etag: o.ETag.replace(/"/g, '') } : {}),
        };
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }
}
