/**
 * Builds ReleaseHub application templates of any size for the benchmark. The output depends
 * only on the service count, so every run measures the same text.
 */

/** The cluster the benchmark checks against; "same account" images use it. */
export const BENCH_CLUSTER = { account: '111111111111', region: 'us-east-1' };

const OTHER_ACCOUNTS = ['222222222222', '333333333333', '444444444444'];
const OTHER_REGIONS = ['us-west-2', 'eu-west-1', 'ap-southeast-2'];
const TEAMS = ['storefront', 'payments', 'search', 'platform', 'analytics', 'identity'];
const DOCKER_HUB_IMAGES = ['postgres:14.11', 'redis:7-alpine', 'nginx:1.27', 'bitnami/kafka:3.7'];

// Relative weights of the kinds of image a service pulls; a real template is mostly
// Docker Hub, built images and same-account ECR, with a minority that needs attention.
const IMAGE_MIX: readonly (readonly [ImageKind, number])[] = [
  ['docker-hub', 20],
  ['built', 15],
  ['same-account', 25],
  ['cross-account', 12],
  ['cross-region', 8],
  ['cross-account-and-region', 5],
  ['malformed', 5],
  ['unresolved', 5],
  ['public-ecr', 5],
];

type ImageKind =
  | 'docker-hub'
  | 'built'
  | 'same-account'
  | 'cross-account'
  | 'cross-region'
  | 'cross-account-and-region'
  | 'malformed'
  | 'unresolved'
  | 'public-ecr';

/** A small seeded generator (mulberry32): the same seed gives the same template. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

class TemplateWriter {
  private readonly lines: string[] = [];
  private readonly random: () => number;

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  line(text: string): void {
    this.lines.push(text);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }

  chance(probability: number): boolean {
    return this.random() < probability;
  }

  pick<T>(choices: readonly T[]): T {
    return choices[Math.floor(this.random() * choices.length)];
  }

  imageKind(): ImageKind {
    const total = IMAGE_MIX.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.random() * total;
    for (const [kind, weight] of IMAGE_MIX) {
      roll -= weight;
      if (roll < 0) {
        return kind;
      }
    }
    return 'docker-hub';
  }

  /** An `image:` value written the way people write them: plain, double or single quoted. */
  quoted(reference: string): string {
    const style = this.random();
    if (style < 0.7) {
      return reference;
    }
    return style < 0.9 ? `"${reference}"` : `'${reference}'`;
  }
}

function ecrHost(account: string, region: string): string {
  return `${account}.dkr.ecr.${region}.amazonaws.com`;
}

/** The image reference of one kind, and whether the entry says `has_repo: true`. */
function imageOf(writer: TemplateWriter, kind: ImageKind, name: string): [string, boolean] {
  const team = writer.pick(TEAMS);
  const tag = writer.chance(0.2)
    ? '${env_id}'
    : writer.pick(['1.4.2', '2.0.0', 'v7.2.0', 'latest']);
  switch (kind) {
    case 'docker-hub':
      return [writer.pick(DOCKER_HUB_IMAGES), false];
    case 'built':
      return [`example-org/bench/${name}`, true];
    case 'same-account':
      return [
        `${ecrHost(BENCH_CLUSTER.account, BENCH_CLUSTER.region)}/${team}/${name}:${tag}`,
        false,
      ];
    case 'cross-account':
      return [
        `${ecrHost(writer.pick(OTHER_ACCOUNTS), BENCH_CLUSTER.region)}/${team}/${name}:${tag}`,
        false,
      ];
    case 'cross-region':
      return [
        `${ecrHost(BENCH_CLUSTER.account, writer.pick(OTHER_REGIONS))}/${team}/${name}:${tag}`,
        false,
      ];
    case 'cross-account-and-region': {
      const host = ecrHost(writer.pick(OTHER_ACCOUNTS), writer.pick(OTHER_REGIONS));
      return [`${host}/${team}/${name}@sha256:${'4a5b6c7d'.repeat(8)}`, false];
    }
    case 'malformed':
      return [malformedImage(writer, team, name), false];
    case 'unresolved':
      return [`\${${team.toUpperCase()}_REGISTRY}/${team}/${name}:${tag}`, false];
    case 'public-ecr':
      return [
        `public.ecr.aws/docker/library/${writer.pick(['python:3.12-slim', 'node:22'])}`,
        false,
      ];
  }
}

function malformedImage(writer: TemplateWriter, team: string, name: string): string {
  return writer.pick([
    `11111111111.dkr.ecr.us-east-1.amazonaws.com/${team}/${name}:1.0`,
    `${ecrHost(BENCH_CLUSTER.account, 'us-east-9x')}/${team}/${name}:1.0`,
    `${ecrHost(BENCH_CLUSTER.account, BENCH_CLUSTER.region)}/${team}/${name.toUpperCase()}:1.0`,
    `${ecrHost(BENCH_CLUSTER.account, BENCH_CLUSTER.region)}/${team}/${name}:-rc1`,
  ]);
}

function serviceName(index: number): string {
  return `svc-${String(index).padStart(5, '0')}`;
}

function writeHeader(writer: TemplateWriter, serviceCount: number): void {
  writer.line(`# Benchmark template with ${serviceCount} services, generated deterministically.`);
  writer.line(`# The cluster runs in account ${BENCH_CLUSTER.account}, ${BENCH_CLUSTER.region}.`);
  writer.line(`app: bench-${serviceCount}`);
  writer.line('auto_deploy: true');
  writer.line(`context: release-${BENCH_CLUSTER.region}`);
  writer.line('domain: bench.example.test');
  writer.line('repo_name: example-org/bench');
  writer.line('');
  writer.line('x-probe-defaults: &probe_defaults');
  writer.line('  readiness_probe:');
  writer.line('    exec:');
  writer.line('      command: [sh, -c, "test -f /tmp/ready"]');
  writer.line('    period_seconds: 5');
  writer.line('');
  writer.line(`x-shared-agent: &shared_agent ${ecrHost('222222222222', 'us-east-1')}/ops/agent:5`);
  writer.line('');
  writer.line('environment_templates:');
  writer.line('  - name: ephemeral');
  writer.line('  - name: permanent');
  writer.line('');
  writer.line('resources:');
  writer.line('  cpu:');
  writer.line('    limits: 1000m');
  writer.line('    requests: 100m');
  writer.line('  memory:');
  writer.line('    limits: 1Gi');
  writer.line('    requests: 100Mi');
  writer.line('  replicas: 1');
  writer.line('');
}

function writeService(writer: TemplateWriter, index: number, serviceCount: number): void {
  const name = serviceName(index);
  const kind = writer.imageKind();
  const [image, built] = imageOf(writer, kind, name);

  if (writer.chance(0.3)) {
    writer.line(`  # ${name}: ${kind.replace(/-/g, ' ')} image.`);
  }
  writer.line(`  - name: ${name}`);
  writer.line(`    image: ${writer.quoted(image)}`);
  if (built || writer.chance(0.5)) {
    writer.line(`    has_repo: ${built}`);
  }
  if (writer.chance(0.1)) {
    writer.line('    <<: *probe_defaults');
  }
  if (writer.chance(0.3)) {
    writer.line('    command:');
    writer.line('      - ./bin/start');
    writer.line(`      - --port=${8000 + (index % 1000)}`);
  }
  writer.line('    ports:');
  writer.line('      - type: container_port');
  writer.line(`        port: '${8000 + (index % 1000)}'`);
  if (index > 0 && writer.chance(0.4)) {
    writer.line('    depends_on:');
    writer.line(`      - ${serviceName(Math.floor(writer.chance(0.5) ? index / 2 : index - 1))}`);
  }
  if (writer.chance(0.25)) {
    writer.line('    memory:');
    writer.line('      limits: 512Mi  # raised after the load test');
    writer.line('      requests: 128Mi');
  }
  if (writer.chance(0.12)) {
    const [initImage] = imageOf(writer, writer.imageKind(), `${name}-init`);
    writer.line('    init:');
    writer.line(`      - name: ${name}-init`);
    writer.line(`        image: ${writer.quoted(initImage)}`);
    writer.line('        command: [./migrate]');
  }
  if (writer.chance(0.05)) {
    writer.line('    sidecars:');
    writer.line('      - name: agent');
    writer.line('        image: *shared_agent');
  }
  if (index === serviceCount - 1) {
    writer.line('');
  }
}

function writeJobs(writer: TemplateWriter, serviceCount: number): void {
  writer.line('jobs:');
  const jobCount = Math.max(1, Math.floor(serviceCount / 10));
  for (let index = 0; index < jobCount; index++) {
    const name = `job-${String(index).padStart(4, '0')}`;
    writer.line(`  - name: ${name}`);
    if (writer.chance(0.4)) {
      writer.line(`    from_services: ${serviceName(index * 10)}`);
    } else {
      const [image] = imageOf(writer, writer.imageKind(), name);
      writer.line(`    image: ${writer.quoted(image)}`);
    }
    writer.line('    command:');
    writer.line('      - bin/run-once');
  }
  writer.line('');

  writer.line('cron_jobs:');
  const cronCount = Math.max(1, Math.floor(serviceCount / 25));
  for (let index = 0; index < cronCount; index++) {
    const name = `nightly-${String(index).padStart(4, '0')}`;
    const [image] = imageOf(writer, writer.imageKind(), name);
    writer.line(`  - name: ${name}`);
    writer.line(`    image: ${writer.quoted(image)}`);
    writer.line(`    schedule: "${index % 60} 3 * * *"`);
  }
  writer.line('');
}

function writeWorkflows(writer: TemplateWriter, serviceCount: number): void {
  writer.line('workflows:');
  writer.line('  - name: setup');
  writer.line('    parallelize:');
  writer.line('      - step: services');
  writer.line('        tasks:');
  for (let index = 0; index < serviceCount; index++) {
    writer.line(`          - services.${serviceName(index)}`);
  }
}

/** A template with `serviceCount` services, jobs, cron jobs, comments and a workflow. */
export function generateTemplate(serviceCount: number): string {
  const writer = new TemplateWriter(serviceCount * 7919 + 17);
  writeHeader(writer, serviceCount);
  writer.line('services:');
  for (let index = 0; index < serviceCount; index++) {
    writeService(writer, index, serviceCount);
  }
  writeJobs(writer, serviceCount);
  writeWorkflows(writer, serviceCount);
  return writer.text();
}
