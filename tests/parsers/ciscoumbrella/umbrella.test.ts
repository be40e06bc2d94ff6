import t from 'tap';
import { CloudFirewall, DNS, IP, ProxyLog, logTypes } from '../../../parsers/ciscoumbrella/index.js';
import type { LogType } from '../../../parsers/core/logtype.js';
import { classifyLines, eventsOf, rejection, sampleLines } from '../../helpers/parse.js';

const sample = (name: string): string[] => sampleLines(new URL(`../../../parsers/ciscoumbrella/samples/${name}`, import.meta.url));
const reasonOf = (lt: LogType, line: string): string => rejection([lt], line).replace(`${lt.name}: `, '');

t.test('DNS: every documented version, lists, IPv6, blocked categories, indicators', async (t) => {
  const events = eventsOf(classifyLines([DNS], sample('CiscoUmbrella.DNS.csv')));
  t.equal(events.length, 6);
  const [v2, v4, blocked, fremont, ipv6, v10] = events as Array<Record<string, unknown>>;

  t.match(v2, {
    timestamp: '2015-01-16 17:48:41.000000000',
    p_event_time: '2015-01-16 17:48:41.000000000',
    p_log_type: 'CiscoUmbrella.DNS',
    policyIdentity: 'ActiveDirectoryUserName',
    internalIp: '10.10.1.100',
    externalIp: '24.123.132.133',
    action: 'Allowed',
    queryType: '1 (A)',
    responseCode: 'NOERROR',
    domain: 'domain-visited.com.',
  });
  t.same(v2?.identities, ['ActiveDirectoryUserName', 'ADSite', 'Network']);
  t.same(v2?.categories, ['Chat', 'Photo Sharing', 'Social Networking', 'Allow List']);
  for (const absent of ['policyIdentityType', 'identityTypes', 'blockedCategories', 'ruleId']) t.notOk(absent in (v2 as object), `${absent} is not in a version 2 row`);
  t.same(v2?.p_any_ip_addresses, ['10.10.1.100', '24.123.132.133']);
  t.same(v2?.p_any_domain_names, ['domain-visited.com'], 'the trailing dot is dropped');

  // The docs' own example puts a space after some commas.
  t.match(v4, { policyIdentityType: 'AD User', categories: ['Photo Sharing'] });
  t.same(v4?.identityTypes, ['AD User', 'Site', 'Network']);
  t.notOk('blockedCategories' in (v4 as object), 'an empty blocked categories column is left out');
  t.same(blocked?.blockedCategories, ['Chat', 'Social Networking']);
  t.equal(blocked?.action, 'Blocked');
  t.same(fremont?.p_any_ip_addresses, ['75.21.22.23'], 'one address once');

  t.match(ipv6, { queryType: '28 (AAAA)', internalIp: '2001:db8::1' });
  t.same(ipv6?.identities, ['Jane Doe (jane.doe@example.com)', '5CD133BTPT']);
  t.same(ipv6?.p_any_emails, ['jane.doe@example.com'], 'the email of an AD user identity');
  t.same(ipv6?.p_any_ip_addresses, ['2001:db8::1', '2001:db8::2']);

  t.match(v10, { ruleId: '312843', organizationId: '2204063', responseCode: 'NXDOMAIN', queryType: '16 (TXT)' });
  t.notOk('destinationCountries' in (v10 as object));
});

t.test('IP: seven and eight columns, ports, categories', async (t) => {
  const events = eventsOf(classifyLines([IP], sample('CiscoUmbrella.IP.csv')));
  t.equal(events.length, 4);
  const [v3, zeroPorts, seven] = events as Array<Record<string, unknown>>;
  t.match(v3, {
    timestamp: '2017-10-02 19:58:12.000000000',
    p_event_time: '2017-10-02 19:58:12.000000000',
    identity: 'TheComputerName',
    sourceIp: '198.198.198.1',
    sourcePort: 55605,
    destinationIp: '107.152.24.219',
    destinationPort: 443,
  });
  t.same(v3?.categories, ['Unauthorized IP Tunnel Access']);
  t.same(v3?.identityTypes, ['Roaming Computers']);
  t.same(v3?.p_any_ip_addresses, ['107.152.24.219', '198.198.198.1']);
  t.equal(zeroPorts?.sourcePort, 0, 'port 0 is a value, not an absent one');
  t.notOk('identityTypes' in (seven as object));
  t.same(seven?.categories, ['Malware', 'Command and Control']);
});

t.test('CloudFirewall: 14, 16 and 34 columns, the v10 header, epoch times', async (t) => {
  const events = eventsOf(classifyLines([CloudFirewall], sample('CiscoUmbrella.CloudFirewall.csv')));
  t.equal(events.length, 3);
  const [v1, fqdns, inbound] = events as Array<Record<string, unknown>>;
  t.match(v1, {
    timestamp: '2019-01-14 18:03:46.000000000',
    originId: '[211039844]',
    identity: 'Passive Monitor',
    identityType: 'CDFW Tunnel Device',
    direction: 'OUTBOUND',
    ipProtocol: 1,
    packetSize: 84,
    sourceIp: '172.17.3.4',
    destinationIp: '146.112.255.129',
    dataCenter: 'ams1.edc',
    ruleId: '12',
    verdict: 'ALLOW',
  });
  t.notOk('sourcePort' in (v1 as object), 'ICMP has no ports');
  t.same(fqdns?.fqdns, ['google.com', 'apple.com']);
  t.same(fqdns?.destinationListIds, ['44', '66']);
  t.same(fqdns?.p_any_domain_names, ['apple.com', 'google.com']);
  t.match(inbound, { direction: 'INBOUND', ipProtocol: 6, sourcePort: 51544, destinationPort: 3389, verdict: 'BLOCK' });

  const v10 = classifyLines([CloudFirewall], sample('CiscoUmbrella.CloudFirewall.v10.csv'));
  t.same(v10.map((r) => r.kind), ['header', 'event', 'event']);
  const [, first, second] = v10.map((r) => (r.kind === 'event' ? r.event : undefined));
  t.match(first, {
    firstPacketTimestamp: '2024-06-14 18:59:57.000000000',
    lastPacketTimestamp: '2024-06-14 18:59:57.000000000',
    packetsSent: 3,
    packetsReceived: 3,
    bytesSent: 1108,
    bytesReceived: 755,
    fwEventId: '39-42',
    casiCategoryIds: '[]',
    organizationId: '2204063',
  });
  t.match(second, { ipProtocol: 17, destinationPort: 53, verdict: 'BLOCK', destinationCountry: 'US', lastPacketTimestamp: '2024-06-14 19:02:13.000000000' });
});

t.test('Proxy: the version 1-4 layout and the version 5+ layout', async (t) => {
  const events = eventsOf(classifyLines([ProxyLog], sample('CiscoUmbrella.Proxy.csv')));
  t.equal(events.length, 4);
  const [v3, v5, current, blocked] = events as Array<Record<string, unknown>>;

  t.match(v3, {
    timestamp: '2017-10-02 23:52:53.000000000',
    identity: 'TheComputerName',
    internalIp: '192.192.192.135',
    externalIp: '1.1.1.91',
    destinationIp: '1.1.1.92',
    verdict: 'ALLOWED',
    url: 'http://google.com/the.js',
    referrer: 'www.google.com',
    statusCode: 200,
    requestSize: 562,
    responseSize: 1489,
    responseBodySize: 1500,
    identityType: 'Networks',
  });
  t.same(v3?.identities, ['ActiveDirectoryUserName', 'ADSite', 'Network'], 'third column before version 5');
  t.same(v3?.p_any_ip_addresses, ['1.1.1.91', '1.1.1.92', '192.192.192.135']);
  t.same(v3?.p_any_domain_names, ['google.com', 'www.google.com'], 'from the URL and the referrer');

  t.match(v5, { destinationIp: '3.4.5.6', identityType: 'Roaming Computer', requestMethod: 'GET', fileName: 'the.js', isolateAction: 'isolated', fileAction: 'downloaded_original_file', warnStatus: 'warn-session' });
  t.same(v5?.identities, ['TheComputerName', 'ADSite', 'Network'], 'after the blocked categories from version 5');
  t.same(v5?.identityTypes, ['Roaming Computer', 'Site', 'Network']);
  t.notOk('contentType' in (v5 as object));

  t.match(current, { producer: 'SWA', dataCenter: 'ATL1', serverName: 'unitedstates.smartscreen.microsoft.com', organizationId: '2204063', timeBasedRule: 'false' });
  t.same(current?.p_any_domain_names, ['swg-nginx-proxy-https-bd8cc1601841.signginx.atl1', 'unitedstates.smartscreen.microsoft.com', 'www.google.com']);

  t.match(blocked, { verdict: 'BLOCKED', contentType: 'application/octet-stream', ampDisposition: 'Malicious', rulesetId: '13671956' });
  t.notOk('internalIp' in (blocked as object));
  t.same(blocked?.blockedCategories, ['Malware']);
  t.same(blocked?.p_any_sha256_hashes, ['a459e1374395119b8a5aa26cf97738c3864d3130e93c083fbab6da3fe1ad9175']);
  t.same(blocked?.p_any_domain_names, ['luna.avcdn.net']);
});

const DNS_ROW = '"2020-05-21 04:16:07","340 Fremont","340 Fremont","75.21.22.23","75.21.22.23","Allowed","1 (A)","NOERROR","docs.google.com.","File Storage","Networks","Networks",""';
const FW_ROW = '"2019-01-14 18:03:46","[211039844]","Passive Monitor","CDFW Tunnel Device","OUTBOUND","1","84","172.17.3.4","","146.112.255.129","","ams1.edc","12","ALLOW"';
const IP_ROW = '"2017-10-02 19:58:12","TheComputerName","198.198.198.1","55605","107.152.24.219","443","Unauthorized IP Tunnel Access","Roaming Computers"';
// The docs' rows put a space after some commas: normalize, then split the quoted columns.
const cols = (row: string): string[] => row.replaceAll('", "', '","').slice(1, -1).split('","');
const withCol = (row: string, i: number, v: string): string => `"${cols(row).map((c, j) => (j === i ? v : c)).join('","')}"`;

t.test('near misses are rejected with a reason', async (t) => {
  t.match(reasonOf(DNS, '{"timestamp":"2020-05-21 04:16:07"}'), /^a JSON line, not a Cisco Umbrella DNS log row/);
  t.match(reasonOf(DNS, '1574293573424497,ip-172-31-14-3,rdsadmin,localhost,26,0,DISCONNECT,,,0'), /does not start with a "YYYY-MM-DD HH:MM:SS" timestamp column but "1574293573424497"/);
  t.match(reasonOf(DNS, `${DNS_ROW.slice(0, -1)}`), /not well-formed CSV/);
  t.equal(reasonOf(DNS, DNS_ROW.split(',').slice(0, 11).join(',')), 'a Cisco Umbrella DNS log row has 10, 12 or more columns, not 11');
  t.match(reasonOf(DNS, withCol(DNS_ROW, 3, 'laptop-7')), /^internal and external IP: expected IP addresses/);
  t.match(reasonOf(DNS, withCol(DNS_ROW, 5, '1')), /^action: expected a word/);
  t.match(reasonOf(DNS, withCol(DNS_ROW, 6, 'A')), /^queryType: expected "<number> \(<type>\)"/);
  t.match(reasonOf(DNS, withCol(DNS_ROW, 6, 'x (A)')), /^queryType/);
  t.equal(reasonOf(DNS, withCol(DNS_ROW, 8, '')), 'domain: the requested domain is missing');
  t.match(reasonOf(DNS, withCol(DNS_ROW, 0, '2020-13-21 04:16:07')), /^timestamp: expected "YYYY-MM-DD HH:MM:SS", got "2020-13-21 04:16:07"/);

  t.equal(reasonOf(IP, IP_ROW.split('","').slice(0, 6).join('","') + '"'), 'a Cisco Umbrella IP log row has 7 or 8 columns, not 6');
  t.match(reasonOf(IP, withCol(IP_ROW, 4, '')), /^source and destination: expected IP addresses/);
  t.match(reasonOf(IP, withCol(IP_ROW, 3, '70000')), /^source and destination port: expected port numbers, got "70000"/);
  t.match(reasonOf(IP, withCol(IP_ROW, 5, '')), /^source and destination port/);

  t.equal(reasonOf(CloudFirewall, IP_ROW), 'a Cisco Umbrella cloud firewall log row has at least 14 columns, not 8');
  t.match(reasonOf(CloudFirewall, withCol(FW_ROW, 4, 'Outbound')), /^direction: expected OUTBOUND or INBOUND/);
  t.match(reasonOf(CloudFirewall, withCol(FW_ROW, 5, 'TCP')), /^ipProtocol: expected a protocol number, got "TCP"/);
  t.match(reasonOf(CloudFirewall, withCol(FW_ROW, 9, 'example.com')), /^source and destination: expected IP addresses/);
  t.match(reasonOf(CloudFirewall, withCol(FW_ROW, 13, 'allow')), /^verdict: expected ALLOW or BLOCK/);
  t.equal(reasonOf(CloudFirewall, withCol(FW_ROW, 6, '8x')), 'packetSize: expected an integer, got "8x"');
  const v10 = sample('CiscoUmbrella.CloudFirewall.v10.csv')[1] as string;
  t.equal(reasonOf(CloudFirewall, withCol(v10, 16, '17183915x7')), 'firstPacketTimestamp: expected epoch seconds, got "17183915x7"');

  const proxy = sample('CiscoUmbrella.Proxy.csv');
  t.equal(reasonOf(ProxyLog, FW_ROW), 'a Cisco Umbrella proxy log row has at least 22 columns, not 14');
  const v5 = proxy[1] as string;
  t.match(reasonOf(ProxyLog, withCol(v5, 2, 'laptop')), /^internalIp: expected an IP address, got "laptop"/);
  t.match(reasonOf(ProxyLog, withCol(v5, 6, 'allowed')), /^verdict: expected ALLOWED or BLOCKED/);
  t.match(reasonOf(ProxyLog, withCol(v5, 10, '20')), /^statusCode: expected an HTTP status, got "20"/);
  t.match(reasonOf(ProxyLog, withCol(proxy[0] as string, 7, 'Allowed')), /^verdict/, 'the version 4 layout is read one column further');
});

t.test('the four types never take each other\'s rows, nor Umbrella\'s other exports', async (t) => {
  const files = ['CiscoUmbrella.DNS.csv', 'CiscoUmbrella.IP.csv', 'CiscoUmbrella.CloudFirewall.csv', 'CiscoUmbrella.CloudFirewall.v10.csv', 'CiscoUmbrella.Proxy.csv'];
  for (const file of files) {
    const want = file.split('.').slice(0, 2).join('.');
    for (const lt of logTypes) {
      if (lt.name === want) continue;
      const results = classifyLines([lt], sample(file));
      t.ok(results.every((r) => r.kind === 'unclassified'), `${lt.name} rejects every line of ${file}`);
    }
  }
  const others = [
    // Admin audit, intrusion (IPS) and data loss prevention exports share the bucket.
    '"1234567890","2021-07-22 10:46:45","user@domain.com","user", "logexportconfigurations", "update","81.2.69.144","version: 4","version: 5"',
    '"2022-04-12 16:14:09","Firewall Tunnel 1","Network Tunnels","1","16606","SERVER-ORACLE BEA WebLogic Server Plug-ins Certificate overflow attempt","1323","HIGH","Attempted User Privilege Gain","cve-2009-1016","TCP","12345","172.17.3.4","33010","67.43.156.12","443","Would Block"',
    '"2022-02-15 12:05:45","Real Time","f64dcc3f-50fa-410a-b8e1-589894276cee_17c81f85-34f7-4bc5-aa4c-155571f484f6","CRITICAL","Network1","","first.xlsx","Dropbox","http://google.com","BLOCK","rule-1","classification-2","classifier-2.1","text/html","48","abbd2352c3cfea8846871928bf99ca24dc3a6f162170926649381a6d968869ab","Confidential","","","dlpprivateresource","","https","67.43.156.12","443","8247177"',
    // AWS.AuroraMySQLAudit's CSV.
    '1574293573424497,ip-172-31-14-3,rdsadmin,localhost,26,0,DISCONNECT,,,0',
    "1574293573424498,ip-172-31-14-3,admin,10.0.0.5,27,1234,QUERY,mydb,'SELECT 1',0",
  ];
  for (const line of others) {
    const [r] = classifyLines(logTypes, [line]);
    t.equal(r?.kind, 'unclassified', line.slice(0, 40));
  }
});

t.test('header rows (log format v11) configure nothing but are not errors', async (t) => {
  const kinds = (lt: LogType, line: string): string | undefined => classifyLines([lt], [line])[0]?.kind;
  t.equal(kinds(DNS, '"Timestamp","Most Granular Identity","Identities","Internal IP","External IP","Action","Query Type","Response Code","Domain","Categories"'), 'header');
  t.equal(kinds(IP, 'timestamp,identity,source ip,source port,destination ip,destination port,categories,identity types'), 'header');
  t.equal(kinds(ProxyLog, '"Timestamp","Policy Identity","Internal IP","External IP","Destination IP","Content Type","Action","URL","Referer","User Agent"'), 'header');
  t.equal(kinds(DNS, 'timestamp,origin ids,identities,identity type,direction,protocol,packet size'), 'unclassified', 'a firewall header is not a DNS header');
  t.equal(kinds(IP, sample('CiscoUmbrella.CloudFirewall.v10.csv')[0] as string), 'unclassified', 'nor an IP header');
  t.equal(kinds(CloudFirewall, '"timestamp","broken'), 'unclassified');
});
