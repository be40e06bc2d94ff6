# Python twin of packs/aws aws_kms_key_disabled_or_deleted.ts (benchmark only).
CHANGES = {"DisableKey", "ScheduleKeyDeletion"}


def rule(event):
    return event.get("eventSource") == "kms.amazonaws.com" and event.get("eventName") in CHANGES and not event.get("errorCode")


def title(event):
    return f"KMS key disabled or scheduled for deletion: {event.deep_get('userIdentity', 'arn', default='unknown')} called {event.get('eventName')} in {event.get('awsRegion')}"
