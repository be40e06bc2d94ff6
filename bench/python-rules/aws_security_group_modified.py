# Python twin of packs/aws aws_security_group_modified.ts (benchmark only).
CHANGES = {"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup", "ModifySecurityGroupRules"}


def rule(event):
    return event.get("eventSource") == "ec2.amazonaws.com" and event.get("eventName") in CHANGES and not event.get("errorCode")


def title(event):
    return f"Security group change: {event.deep_get('userIdentity', 'arn', default='unknown')} called {event.get('eventName')} in {event.get('awsRegion')}"
