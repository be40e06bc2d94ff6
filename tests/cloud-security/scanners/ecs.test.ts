import t from 'tap';
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient, ListClustersCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { ecsClusterScanner } from '../../../cloud-security/scanners/ecs.js';
import { denied, run } from './fixtures/groupB.js';

const ecs = mockClient(ECSClient);
t.beforeEach(() => ecs.reset());
t.teardown(() => ecs.restore());

const arn = (name: string) => `arn:aws:ecs:us-east-1:123456789012:cluster/${name}`;
const cluster = (name: string) => ({
  clusterArn: arn(name),
  clusterName: name,
  status: 'ACTIVE',
  registeredContainerInstancesCount: 0,
  runningTasksCount: 2,
  pendingTasksCount: 0,
  activeServicesCount: 1,
  statistics: [{ name: 'runningFargateTasksCount', value: '2' }],
  tags: [{ key: 'team', value: 'payments' }],
  settings: [{ name: 'containerInsights' as const, value: 'enabled' }],
  capacityProviders: ['FARGATE'],
  defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
  attachments: [],
});
const SERVICE_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/prod/checkout';

t.test('clusters of both pages, described with their services; PascalCase fields as Panther keeps them', async (t) => {
  ecs.on(ListClustersCommand).resolvesOnce({ clusterArns: [arn('prod')], nextToken: 'c2' }).resolvesOnce({ clusterArns: [arn('dev')] });
  ecs.on(DescribeClustersCommand).resolves({ clusters: [cluster('prod'), cluster('dev')], failures: [] });
  ecs.on(ListServicesCommand, { cluster: arn('prod') }).resolves({ serviceArns: [SERVICE_ARN] });
  ecs.on(ListServicesCommand, { cluster: arn('dev') }).resolves({ serviceArns: [] });
  ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        serviceArn: SERVICE_ARN,
        serviceName: 'checkout',
        clusterArn: arn('prod'),
        status: 'ACTIVE',
        desiredCount: 2,
        runningCount: 2,
        launchType: 'FARGATE',
        taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:7',
        createdAt: new Date('2024-07-07T07:07:07Z'),
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d'], securityGroups: ['sg-0a1b2c3d'], assignPublicIp: 'DISABLED' } },
        tags: [{ key: 'app', value: 'checkout' }],
      },
    ],
  });
  const { items, problems } = await run(ecsClusterScanner);
  t.same(problems, []);
  t.equal(ecs.commandCalls(ListClustersCommand)[1]?.args[0].input.nextToken, 'c2');
  const describe = ecs.commandCalls(DescribeClustersCommand)[0]?.args[0].input;
  t.same(describe?.clusters, [arn('prod'), arn('dev')]);
  t.ok(describe?.include?.includes('TAGS') && describe.include.includes('SETTINGS'));
  t.same(ecs.commandCalls(DescribeServicesCommand)[0]?.args[0].input.include, ['TAGS']);
  t.strictSame(items[0], {
    ResourceId: arn('prod'),
    ResourceType: 'AWS.ECS.Cluster',
    AccountId: '123456789012',
    Region: 'us-east-1',
    Name: 'prod',
    ARN: arn('prod'),
    Tags: { team: 'payments' },
    TimeCreated: null,
    Status: 'ACTIVE',
    RegisteredContainerInstancesCount: 0,
    RunningTasksCount: 2,
    PendingTasksCount: 0,
    ActiveServicesCount: 1,
    Statistics: [{ Name: 'runningFargateTasksCount', Value: '2' }],
    Settings: [{ Name: 'containerInsights', Value: 'enabled' }],
    CapacityProviders: ['FARGATE'],
    DefaultCapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1, Base: 0 }],
    Attachments: [],
    Services: [
      {
        ARN: SERVICE_ARN,
        Name: 'checkout',
        Tags: { app: 'checkout' },
        TimeCreated: '2024-07-07T07:07:07.000Z',
        ClusterArn: arn('prod'),
        Status: 'ACTIVE',
        DesiredCount: 2,
        RunningCount: 2,
        LaunchType: 'FARGATE',
        TaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/checkout:7',
        NetworkConfiguration: { AwsvpcConfiguration: { Subnets: ['subnet-0a1b2c3d'], SecurityGroups: ['sg-0a1b2c3d'], AssignPublicIp: 'DISABLED' } },
      },
    ],
  });
  t.strictSame(items[1]?.Services, []);
});

t.test('denied services: the cluster yielded with Services null; a denied list yields nothing', async (t) => {
  ecs.on(ListClustersCommand).resolves({ clusterArns: [arn('prod')] });
  ecs.on(DescribeClustersCommand).resolves({ clusters: [cluster('prod')] });
  ecs.on(ListServicesCommand).rejects(denied());
  let r = await run(ecsClusterScanner);
  t.equal(r.items.length, 1);
  t.equal(r.items[0]?.Services, null);
  t.match(r.problems, [{ kind: 'access-denied', resourceId: arn('prod') }]);

  ecs.reset();
  ecs.on(ListClustersCommand).rejects(denied());
  r = await run(ecsClusterScanner);
  t.same(r.items, []);
  t.match(r.problems, [{ resourceType: 'AWS.ECS.Cluster', kind: 'access-denied' }]);
});
