/**
 * Scripted faults: tests queue what should go wrong, per operation, and each matching request
 * consumes one use. Queues are FIFO so a test can script a sequence (throttle, then 500, then
 * succeed) and know exactly which attempt meets which fault.
 */
import { AwsError } from './awsError';
import type { ErrorFaultKind, Fault, Service } from './types';

/** Matches every operation of every service; specific operations are consulted first. */
export const ANY_OPERATION = '*';

interface Scheduled {
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private readonly queues = new Map<string, Scheduled[]>();

  /** Queue `fault` for the next `times` calls of `operation` (Infinity: until cleared). */
  add(operation: string, fault: Fault, times: number): void {
    if (!(times >= 1)) {
      throw new Error(`fakeAws: times must be at least 1, got ${times}`);
    }
    const queue = this.queues.get(operation) ?? [];
    queue.push({ fault, remaining: times });
    this.queues.set(operation, queue);
  }

  /** The fault for this call, if any, using it up. */
  take(operation: string): Fault | undefined {
    for (const key of [operation, ANY_OPERATION]) {
      const queue = this.queues.get(key);
      const next = queue?.[0];
      if (queue && next) {
        next.remaining -= 1;
        if (next.remaining <= 0) {
          queue.shift();
        }
        return next.fault;
      }
    }
    return undefined;
  }

  /** Faults still waiting, so a test can assert its script was used up. */
  pending(): { operation: string; kind: Fault['kind']; remaining: number }[] {
    return [...this.queues].flatMap(([operation, queue]) =>
      queue.map((s) => ({ operation, kind: s.fault.kind, remaining: s.remaining })),
    );
  }

  clear(): void {
    this.queues.clear();
  }
}

interface ErrorDefaults {
  code: string;
  status: number;
  message: string;
}

const EXPIRED = 'The security token included in the request is expired';

/**
 * What each fault looks like on the wire, per service. ECR codes are the JSON `__type`s the
 * real service sends. STS differs in places: it throttles with `Throttling` and uses
 * `AccessDenied` (403). For an expired token the brief asks for `ExpiredTokenException` on
 * both services; note real STS answers an expired session with `ExpiredToken`, which tests can
 * script with `{ kind: 'expiredToken', code: 'ExpiredToken' }`.
 */
const DEFAULTS: Record<'ecr' | 'sts', Partial<Record<ErrorFaultKind, ErrorDefaults>>> = {
  ecr: {
    throttle: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
    serverError: { code: 'ServerException', status: 500, message: 'Internal server error' },
    accessDenied: { code: 'AccessDeniedException', status: 400, message: 'Access denied' },
    expiredToken: { code: 'ExpiredTokenException', status: 400, message: EXPIRED },
    repositoryNotFound: {
      code: 'RepositoryNotFoundException',
      status: 400,
      message: 'The repository does not exist in the registry',
    },
  },
  sts: {
    throttle: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    serverError: { code: 'InternalFailure', status: 500, message: 'Internal failure' },
    accessDenied: { code: 'AccessDenied', status: 403, message: 'Access denied' },
    expiredToken: { code: 'ExpiredTokenException', status: 400, message: EXPIRED },
  },
};

/** The error an error fault produces for `service`. */
export function faultError(service: 'ecr' | 'sts', fault: Fault): AwsError {
  if (fault.kind === 'reset' || fault.kind === 'delay') {
    throw new Error(`fakeAws: ${fault.kind} is not an error fault`);
  }
  const defaults = fault.kind === 'error' ? undefined : DEFAULTS[service][fault.kind];
  const code = fault.code ?? defaults?.code;
  if (code === undefined) {
    throw new Error(`fakeAws: fault ${fault.kind} has no meaning for ${service}; give a code`);
  }
  return new AwsError(
    code,
    fault.message ?? defaults?.message ?? code,
    fault.status ?? defaults?.status ?? 400,
  );
}

/**
 * Checks at scheduling time that an error fault means something for the service(s) it can
 * hit; a '*' fault can hit both, so it must make sense for both.
 */
export function assertFaultFits(service: Service, fault: Fault): void {
  if (fault.kind === 'reset' || fault.kind === 'delay') {
    return;
  }
  for (const target of service === 'unknown' ? (['ecr', 'sts'] as const) : [service]) {
    faultError(target, fault);
  }
}
