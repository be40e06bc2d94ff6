import t from 'tap';
import { builtinLogTypes } from '../../parsers/registry.js';
import { panther } from '../helpers/cli.js';

t.test('logtypes --json prints every declared log type with its fields', async (t) => {
  const r = panther(['logtypes', '--json']);
  t.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout) as Array<{ name: string; table: string; eventTime: string | null; fields: Array<{ name: string; type: string; glueType: string; required: boolean }> }>;
  t.same(list.map((l) => l.name), builtinLogTypes.map((l) => l.name));
  // The foundation's types and every type the log type breadth issue names, spelled out so a
  // dropped registration fails here.
  const foundation = ['AWS.ALB', 'AWS.CloudTrail', 'AWS.CloudTrailDigest', 'AWS.CloudTrailInsight', 'AWS.CloudWatchEvents', 'AWS.GuardDuty', 'AWS.S3ServerAccess', 'AWS.VPCDns', 'AWS.VPCFlow', 'Okta.SystemLog', 'Osquery.Batch', 'Osquery.Differential', 'Osquery.Snapshot', 'Osquery.Status', 'Syslog.RFC3164', 'Syslog.RFC5424'];
  const breadth = [
    'AWS.AuroraMySQLAudit', 'AWS.WAFWebACL', 'Apache.AccessCombined', 'Apache.AccessCommon', 'Nginx.Access', 'Fastly.Access',
    'Juniper.Access', 'Juniper.Audit', 'Juniper.Firewall', 'Juniper.MWS', 'Juniper.Postgres', 'Juniper.Security',
    'CiscoUmbrella.DNS', 'CiscoUmbrella.CloudFirewall', 'CiscoUmbrella.IP', 'CiscoUmbrella.Proxy', 'Fluentd.Syslog3164', 'Fluentd.Syslog5424',
    'Box.Event', 'Cloudflare.HttpRequest', 'Cloudflare.Spectrum', 'Cloudflare.Firewall',
    'Crowdstrike.DNSRequest', 'Crowdstrike.NetworkConnect', 'Crowdstrike.NetworkListen', 'Crowdstrike.ProcessRollup2', 'Crowdstrike.SyntheticProcessRollup2',
    'Crowdstrike.UserIdentity', 'Crowdstrike.GroupIdentity', 'Crowdstrike.AIDMaster', 'Crowdstrike.ManagedAssets', 'Crowdstrike.NotManagedAssets',
    'Crowdstrike.UserInfo', 'Crowdstrike.AppInfo', 'Duo.Administrator', 'Duo.Authentication', 'Duo.OfflineEnrollment', 'Duo.Telephony', 'GCP.AuditLog',
    'GitLab.API', 'GitLab.Audit', 'GitLab.Exceptions', 'GitLab.Git', 'GitLab.Integrations', 'GitLab.Production', 'Gravitational.TeleportAudit',
    'GSuite.Reports', 'Lacework.Events', 'OneLogin.Events', 'OSSEC.EventInfo', 'Slack.AccessLogs', 'Slack.AuditLogs', 'Slack.IntegrationLogs',
    'Sophos.Central', 'Suricata.DNS', 'Suricata.Anomaly', 'Suricata.Alert', 'Suricata.Flow', 'Suricata.HTTP', 'Suricata.TLS',
    'Zeek.DNS', 'Zeek.Conn', 'Zeek.HTTP', 'Zeek.SSL',
    'GitHub.Audit', 'GitHub.Webhook', 'Azure.Audit', 'Azure.MonitorActivity', 'Amazon.EKS.Audit', 'Auth0.Events', 'GSuite.ActivityEvent',
    'Databricks.Audit', 'Notion.AuditLogs', 'Asana.Audit', 'Zendesk.Audit', 'Snyk.GroupAudit', 'OnePassword.SignInAttempt', 'OnePassword.ItemUsage',
    'Zoom.Activity', 'MicrosoftGraph.SecurityAlert', 'Microsoft365.Audit',
  ];
  t.equal(breadth.length, 81);
  t.same(list.map((l) => l.name).sort(), [...foundation, ...breadth].sort());
  const ct = list.find((l) => l.name === 'AWS.CloudTrail');
  t.equal(ct?.table, 'aws_cloudtrail');
  t.equal(ct?.eventTime, 'eventTime');
  t.match(ct?.fields.find((f) => f.name === 'eventTime'), { type: 'timestamp', glueType: 'timestamp', required: true });
  t.match(ct?.fields.find((f) => f.name === 'userIdentity'), { type: 'object', glueType: /^struct<type:string,/ });
  const vpc = list.find((l) => l.name === 'AWS.VPCFlow');
  t.match(vpc?.fields.find((f) => f.name === 'srcPort'), { type: 'int' });
});

t.test('logtypes without --json prints one line per type', async (t) => {
  const r = panther(['logtypes']);
  t.equal(r.stdout.trim().split('\n').length, builtinLogTypes.length);
  t.match(r.stdout, /^AWS\.CloudTrail\s+\S/m);
});
