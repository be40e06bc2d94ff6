# Generated from modules/deployment-role; the provider block is yours (region, credentials).
module "panther_deployment_role" {
  source        = "../../cdktf.out/modules/deployment-role"
  principal_arn = "arn:aws:iam::111111111111:role/ci-deployer"
  prefix        = "panther"
}

output "deployment_role_role_arn" {
  value = module.panther_deployment_role.role_arn
}

output "deployment_role_role_name" {
  value = module.panther_deployment_role.role_name
}
