# Generated from modules/realtime-events; the provider block is yours (region, credentials).
module "panther_realtime_events" {
  source        = "../../cdktf.out/modules/realtime-events"
  event_bus_arn = "arn:aws:events:us-east-1:111111111111:event-bus/panther-events"
}

output "realtime_events_rule_arn" {
  value = module.panther_realtime_events.rule_arn
}

output "realtime_events_role_arn" {
  value = module.panther_realtime_events.role_arn
}
