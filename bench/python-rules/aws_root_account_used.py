# Python twin of packs/aws aws_root_account_used.ts (benchmark only).
def rule(event):
    return (
        event.deep_get("userIdentity", "type") == "Root"
        and event.deep_get("userIdentity", "invokedBy") is None
        and event.get("eventType") != "AwsServiceEvent"
    )


def title(event):
    return f"Root user of account {event.get('recipientAccountId') or 'unknown'} called {event.get('eventName')}"


def dedup(event):
    return f"{event.get('recipientAccountId') or 'unknown'}:{event.get('sourceIPAddress') or 'unknown'}"
