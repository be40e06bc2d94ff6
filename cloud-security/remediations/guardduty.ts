// GuardDuty remediation: a detector in a region that has none, or enabling a disabled one
// (AWS.GuardDuty.Detector.Meta per region; AWS.GuardDuty.Detector per detector).
import { CreateDetectorCommand, GuardDutyClient, UpdateDetectorCommand } from '@aws-sdk/client-guardduty';
import { z } from 'zod';
import { call, defineRemediation, nameOf, type ServiceApi } from './common.js';
import type { PlannedCall } from './types.js';

export const guardDutyApi: ServiceApi = {
  service: 'guardduty',
  makeClient: (config) => new GuardDutyClient(config),
  commands: { CreateDetector: CreateDetectorCommand, UpdateDetector: UpdateDetectorCommand },
};

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export const guardDutyEnable = defineRemediation({
  id: 'AWS.GuardDuty.Enable',
  resourceTypes: ['AWS.GuardDuty.Detector.Meta', 'AWS.GuardDuty.Detector'],
  description: 'Creates an enabled GuardDuty detector in a region without one, or enables a disabled detector.',
  parameters: z.object({ findingPublishingFrequency: z.enum(['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS']).default('SIX_HOURS') }),
  api: guardDutyApi,
  planWith(r, p): PlannedCall[] {
    if (r.ResourceType === 'AWS.GuardDuty.Detector') {
      return r.Status === 'DISABLED' ? [call('guardduty', 'UpdateDetector', { DetectorId: nameOf(r), Enable: true })] : [];
    }
    const detectors = strings(r.Detectors);
    if (detectors.length === 0) return [call('guardduty', 'CreateDetector', { Enable: true, FindingPublishingFrequency: p.findingPublishingFrequency })];
    // EnabledDetectors null: a status could not be read, so nothing is known to be disabled.
    if (!Array.isArray(r.EnabledDetectors)) return [];
    const enabled = new Set(strings(r.EnabledDetectors));
    return detectors.filter((d) => !enabled.has(d)).map((d) => call('guardduty', 'UpdateDetector', { DetectorId: d, Enable: true }));
  },
});

export const guardDutyRemediations = [guardDutyEnable];
