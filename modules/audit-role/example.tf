# Generated from modules/audit-role; the provider block is yours (region, credentials).
module "panther_audit_role" {
  source           = "../../cdktf.out/modules/audit-role"
  scanner_role_arn = "arn:aws:iam::111111111111:role/panther-scanner"
  external_id      = "replace-with-the-deployment-external-id"
}

output "audit_role_role_arn" {
  value = module.panther_audit_role.role_arn
}

output "audit_role_role_name" {
  value = module.panther_audit_role.role_name
}
