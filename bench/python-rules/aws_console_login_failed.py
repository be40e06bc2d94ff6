# Python twin of packs/aws aws_console_login_failed.ts (benchmark only).
def rule(event):
    return event.get("eventName") == "ConsoleLogin" and event.deep_get("responseElements", "ConsoleLogin") == "Failure"


def _target(event):
    return str(event.deep_get("userIdentity", "userName", default=event.deep_get("userIdentity", "arn", default="unknown")))


def title(event):
    return f"Repeated console sign-in failures for {_target(event)} in account {event.get('recipientAccountId') or 'unknown'}"


def dedup(event):
    return _target(event)


def alert_context(event):
    return {"eventName": event.get("eventName"), "awsRegion": event.get("awsRegion"), "sourceIPAddress": event.get("sourceIPAddress")}
