# Generated from modules/remediation-role; the provider block is yours (region, credentials).
module "panther_remediation_role" {
  source              = "../../cdktf.out/modules/remediation-role"
  remediator_role_arn = "arn:aws:iam::111111111111:role/panther-remediation"
  external_id         = "replace-with-the-deployment-external-id"
}

output "remediation_role_role_arn" {
  value = module.panther_remediation_role.role_arn
}

output "remediation_role_role_name" {
  value = module.panther_remediation_role.role_name
}
