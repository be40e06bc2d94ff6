// The host inventory files of the Falcon Data Replicator: aidmaster (one record per sensor),
// managedassets (the network interfaces of managed hosts) and notmanaged (hosts Falcon
// discovered on the network without a sensor). None is a sensor event: no event_simpleName.
import { bigint, float, int, json, string, timestamp } from '../core/fields.js';
import { defineLogType } from '../core/logtype.js';
import { FDR_REFERENCE, addEach, epochSeconds, metadataAccept } from './common.js';

const AID = 'The sensor ID: unique to each installation of a Falcon sensor.';
const CID = 'The customer ID (CID).';
const HOST_TIME = "The host's local time of the record (epoch seconds).";

export const AIDMaster = defineLogType({
  name: 'Crowdstrike.AIDMaster',
  description: 'CrowdStrike Falcon Data Replicator aidmaster records: the sensor and host information of each Falcon agent (version, OS, hardware, domain, location).',
  reference: `${FDR_REFERENCE}#section-aid-master`,
  fields: {
    Time: timestamp({ required: true, format: epochSeconds, description: 'When the CrowdStrike cloud received the record (epoch seconds).' }),
    AgentLoadFlags: int({ required: true, coerce: true, description: "Whether the sensor loaded during (1) or after (0) the Windows host's boot." }),
    AgentLocalTime: timestamp({ required: true, format: epochSeconds, description: "The sensor's local time (epoch seconds)." }),
    AgentTimeOffset: float({ required: true, coerce: true, description: "The offset of the sensor's clock, in seconds." }),
    AgentVersion: string({ required: true, description: 'The version of the sensor.' }),
    aid: string({ required: true, indicators: ['trace_id'], description: AID }),
    aip: string({ required: true, indicators: ['ip'], description: "The sensor's IP as seen from the CrowdStrike cloud, typically the host's public IP." }),
    cid: string({ required: true, indicators: ['trace_id'], description: CID }),
    event_platform: string({ description: 'The platform of the sensor: Win, Mac, Lin.' }),
    ComputerName: string({ indicators: ['hostname'], description: 'The name of the host.' }),
    MachineDomain: string({ indicators: ['domain'], description: 'The Windows domain the host is joined to.' }),
    OU: string({ description: 'The organizational unit of the host.' }),
    SiteName: string({ description: 'The Active Directory site of the host.' }),
    BiosManufacturer: string({ description: "The manufacturer of the host's BIOS." }),
    BiosVersion: string({ description: "The version of the host's BIOS." }),
    ChassisType: string({ coerce: true, description: 'The SMBIOS chassis type of the host.' }),
    SystemManufacturer: string({ description: 'The manufacturer of the host.' }),
    SystemProductName: string({ description: 'The product name of the host.' }),
    City: string({ description: "The host's city, as seen from the CrowdStrike cloud." }),
    Country: string({ description: "The host's country, as seen from the CrowdStrike cloud." }),
    Continent: string({ description: "The host's continent, as seen from the CrowdStrike cloud." }),
    Timezone: string({ description: "The sensor's time zone, as seen from the CrowdStrike cloud." }),
    ConfigBuild: string({ coerce: true, description: 'The sensor configuration build.' }),
    ConfigIDBuild: string({ coerce: true, description: 'The build number in the ConfigID.' }),
    FirstSeen: timestamp({ format: epochSeconds, description: 'When the CrowdStrike cloud first saw the sensor (epoch seconds).' }),
    PointerSize: string({ coerce: true, description: 'The processor architecture: 4 for 32-bit, 8 for 64-bit.' }),
    ProductType: string({ coerce: true, description: 'The product type: 1 workstation, 2 domain controller, 3 server.' }),
    ServicePackMajor: string({ coerce: true, description: 'The major version of the OS service pack.' }),
    Version: string({ description: 'The OS version of the host.' }),
    FalconGroupingTags: string({ description: 'The Falcon grouping tags of the host.' }),
    SensorGroupingTags: string({ description: 'The sensor grouping tags of the host.' }),
    HostHiddenStatus: string({ description: 'Whether the host is visible or hidden in the console.' }),
  },
  eventTime: 'Time',
  parser: { kind: 'json', accept: metadataAccept() },
});

export const ManagedAssets = defineLogType({
  name: 'Crowdstrike.ManagedAssets',
  description: 'CrowdStrike Falcon Data Replicator managedassets records: the network interfaces of hosts with a sensor (IP, MAC, gateway).',
  reference: `${FDR_REFERENCE}#section-managedassets`,
  fields: {
    _time: timestamp({ required: true, format: epochSeconds, description: HOST_TIME }),
    aid: string({ required: true, indicators: ['trace_id'], description: AID }),
    cid: string({ required: true, indicators: ['trace_id'], description: CID }),
    MAC: string({ required: true, description: 'The MAC address of the interface.' }),
    LocalAddressIP4: string({ required: true, indicators: ['ip'], description: 'The IPv4 address of the interface.' }),
    MACPrefix: string({ description: 'The vendor prefix (OUI) of the MAC address.' }),
    GatewayIP: string({ indicators: ['ip'], description: 'The default gateway of the interface; empty when it has none.' }),
    GatewayMAC: string({ description: 'The MAC address of the gateway.' }),
    InterfaceAlias: string({ description: 'The name of the interface.' }),
    InterfaceDescription: string({ description: 'The network adapter of the interface.' }),
  },
  eventTime: '_time',
  // notmanaged records share MAC and LocalAddressIP4; aidmaster shares aid and cid.
  parser: { kind: 'json', accept: metadataAccept('CurrentLocalIP', 'discovererCount', 'AgentVersion') },
});

export const NotManagedAssets = defineLogType({
  name: 'Crowdstrike.NotManagedAssets',
  description: 'CrowdStrike Falcon Data Replicator notmanaged records: hosts without a sensor that managed hosts discovered on their networks.',
  reference: `${FDR_REFERENCE}#section-notmanaged`,
  fields: {
    _time: timestamp({ required: true, format: epochSeconds, description: 'When the host was last seen (epoch seconds).' }),
    cid: string({ required: true, indicators: ['trace_id'], description: CID }),
    aip: string({ required: true, description: 'The public IPs the host was seen behind, separated by spaces.' }),
    CurrentLocalIP: string({ required: true, indicators: ['ip'], description: 'The current local IPv4 address of the host.' }),
    MAC: string({ required: true, description: 'The MAC address of the host.' }),
    discovererCount: bigint({ required: true, coerce: true, description: 'How many sensors discovered the host.' }),
    aipCount: bigint({ coerce: true, description: 'How many public IPs the host was seen behind.' }),
    localipCount: bigint({ coerce: true, description: 'How many local IPs the host had.' }),
    LocalAddressIP4: string({ description: 'The local IPv4 addresses of the host, separated by spaces.' }),
    MACPrefix: string({ description: 'The vendor prefix (OUI) of the MAC address.' }),
    subnet: string({ description: 'The subnet of the host.' }),
    // A string in current files, an array in older ones.
    discoverer_aid: json({ description: 'The sensor IDs (aid) that discovered the host: a string or an array of them.' }),
    discoverer_devicetype: string({ description: "The type of the discovering device ('VM' or 'Server')." }),
    FirstDiscoveredDate: timestamp({ format: epochSeconds, description: 'When the host was first discovered (epoch seconds).' }),
    LastDiscoveredBy: string({ indicators: ['trace_id'], description: 'The sensor ID (aid) that most recently discovered the host.' }),
    ComputerName: string({ indicators: ['hostname'], description: 'The name of the host that discovered the neighbor.' }),
    NeighborName: string({ indicators: ['hostname'], description: 'The name of the discovered host, when known.' }),
  },
  eventTime: '_time',
  parser: { kind: 'json', accept: metadataAccept() },
  indicators: (e, set) => {
    addEach(set, 'ip', e.aip, /\s+/);
    addEach(set, 'ip', e.LocalAddressIP4, /\s+/);
    const d = e.discoverer_aid;
    if (typeof d === 'string') addEach(set, 'trace_id', d, /\s+/);
    else if (Array.isArray(d)) for (const a of d) set.add('trace_id', a);
  },
});
