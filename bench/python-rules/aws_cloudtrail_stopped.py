# Python twin of packs/aws aws_cloudtrail_stopped.ts (benchmark only).
def rule(event):
    return (
        event.get("eventSource") == "cloudtrail.amazonaws.com"
        and event.get("eventName") in ("StopLogging", "DeleteTrail")
        and not event.get("errorCode")
    )


def title(event):
    return f"{event.get('eventName')} on trail {event.deep_get('requestParameters', 'name', default='unknown')}"


def dedup(event):
    return str(event.deep_get("requestParameters", "name", default="unknown"))
