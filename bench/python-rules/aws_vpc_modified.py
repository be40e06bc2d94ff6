# Python twin of packs/aws aws_vpc_modified.ts (benchmark only).
CHANGES = {"CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"}


def rule(event):
    return event.get("eventSource") == "ec2.amazonaws.com" and event.get("eventName") in CHANGES and not event.get("errorCode")


def title(event):
    return f"VPC change: {event.deep_get('userIdentity', 'arn', default='unknown')} called {event.get('eventName')} in {event.get('awsRegion')}"
