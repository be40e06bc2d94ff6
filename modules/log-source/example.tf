# Generated from modules/log-source; the provider block is yours (region, credentials).
module "panther_log_source" {
  source             = "../../cdktf.out/modules/log-source"
  processor_role_arn = "arn:aws:iam::111111111111:role/panther-log-processor"
  external_id        = "replace-with-the-deployment-external-id"
  bucket_name        = "acme-cloudtrail-logs"
  prefix             = "AWSLogs/"
  input_topic_arn    = "arn:aws:sns:us-east-1:111111111111:panther-input"
}

output "log_source_role_arn" {
  value = module.panther_log_source.role_arn
}

output "log_source_role_name" {
  value = module.panther_log_source.role_name
}
