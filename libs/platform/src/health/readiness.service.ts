import { Injectable } from '@nestjs/common';
import { within } from '../scheduling/within.js';

export type ReadinessCheck = () => Promise<void>;

const CHECK_TIMEOUT_MS = 1_500;

/** Dependencies register a check here; `/ready` passes only when every check answers in time. */
@Injectable()
export class ReadinessService {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async evaluate(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const results = await Promise.all([...this.checks].map(async ([name, check]) => [name, await runWithTimeout(check)] as const));
    return { ready: results.every(([, r]) => r === 'up'), checks: Object.fromEntries(results) };
  }
}

async function runWithTimeout(check: ReadinessCheck): Promise<string> {
  try {
    return await within(
      check().then(() => 'up'),
      CHECK_TIMEOUT_MS,
      () => 'timeout',
    );
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  }
}
