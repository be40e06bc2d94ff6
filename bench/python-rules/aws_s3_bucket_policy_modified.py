# Python twin of packs/aws aws_s3_bucket_policy_modified.ts (benchmark only).
CHANGES = {"PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"}


def rule(event):
    return event.get("eventSource") == "s3.amazonaws.com" and event.get("eventName") in CHANGES and not event.get("errorCode")


def title(event):
    return f"S3 bucket policy change: {event.deep_get('userIdentity', 'arn', default='unknown')} called {event.get('eventName')} in {event.get('awsRegion')}"
