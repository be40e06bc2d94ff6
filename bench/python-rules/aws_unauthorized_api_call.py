# Python twin of packs/aws aws_unauthorized_api_call.ts (benchmark only).
def _is_service_call(event):
    return event.deep_get("userIdentity", "type") == "AWSService" or isinstance(event.deep_get("userIdentity", "invokedBy"), str)


def rule(event):
    code = event.get("errorCode") or ""
    return (code.endswith("UnauthorizedOperation") or code.startswith("AccessDenied")) and not _is_service_call(event)


def title(event):
    return f"Unauthorized API calls: {event.deep_get('userIdentity', 'arn', default='unknown')} called {event.get('eventName')}"


def dedup(event):
    return str(event.deep_get("userIdentity", "arn", default=event.get("sourceIPAddress", "unknown")))


def alert_context(event):
    return {"eventName": event.get("eventName"), "errorCode": event.get("errorCode"), "errorMessage": event.get("errorMessage")}
