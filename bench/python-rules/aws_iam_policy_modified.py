# Python twin of packs/aws aws_iam_policy_modified.ts (benchmark only).
CHANGES = {"DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"}


def rule(event):
    return event.get("eventSource") == "iam.amazonaws.com" and event.get("eventName") in CHANGES and not event.get("errorCode")


def title(event):
    return f"IAM policy change: {event.deep_get('userIdentity', 'arn', default='unknown')} called {event.get('eventName')} in {event.get('awsRegion')}"
