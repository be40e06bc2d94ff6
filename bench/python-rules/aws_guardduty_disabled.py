# Python twin of packs/aws aws_guardduty_disabled.ts (benchmark only).
DISABLING = {"DeleteDetector", "DisassociateFromMasterAccount", "DisassociateFromAdministratorAccount", "StopMonitoringMembers"}


def rule(event):
    if event.get("eventSource") != "guardduty.amazonaws.com" or event.get("errorCode"):
        return False
    name = event.get("eventName")
    return name in DISABLING or (name == "UpdateDetector" and event.deep_get("requestParameters", "enable") is False)


def title(event):
    return f"GuardDuty disabled: {event.deep_get('userIdentity', 'arn', default='unknown')} called {event.get('eventName')}"
