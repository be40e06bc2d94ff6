# Python twin of packs/aws aws_root_access_key_created.ts (benchmark only).
def rule(event):
    return (
        event.get("eventSource") == "iam.amazonaws.com"
        and event.get("eventName") == "CreateAccessKey"
        and not event.get("errorCode")
        and event.deep_get("userIdentity", "type") == "Root"
        and event.deep_get("requestParameters", "userName") is None
    )


def title(event):
    return f"Access key created for the root user of account {event.get('recipientAccountId') or 'unknown'}"
