# Python twin of packs/aws aws_console_login_without_mfa.ts (benchmark only).
def rule(event):
    if event.get("eventName") != "ConsoleLogin" or event.deep_get("responseElements", "ConsoleLogin") != "Success":
        return False
    if event.deep_get("userIdentity", "type") not in ("IAMUser", "Root"):
        return False
    if event.deep_get("additionalEventData", "SamlProviderArn") is not None:
        return False
    return event.deep_get("additionalEventData", "MFAUsed") != "Yes"


def title(event):
    return f"Console sign-in without MFA: {event.deep_get('userIdentity', 'arn', default='unknown')}"


def dedup(event):
    return str(event.deep_get("userIdentity", "arn", default="unknown"))
