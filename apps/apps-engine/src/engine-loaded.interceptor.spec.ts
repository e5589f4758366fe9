import { describe, expect, it } from '@jest/globals';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, of } from 'rxjs';
import { EngineLoadedInterceptor } from './engine-loaded.interceptor.js';
import type { AppsEngineService } from './engine/apps-engine.service.js';

describe('EngineLoadedInterceptor', () => {
  it('runs the handler only once the engine has loaded the apps', async () => {
    let markLoaded!: () => void;
    const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
    let handled = 0;
    const next: CallHandler = { handle: () => (handled++, of('state')) };
    const answer = firstValueFrom(new EngineLoadedInterceptor({ loaded } as AppsEngineService).intercept({} as ExecutionContext, next));

    await new Promise((resolve) => setImmediate(resolve));
    expect(handled).toBe(0);
    markLoaded();
    await expect(answer).resolves.toBe('state');
    expect(handled).toBe(1);
  });
});
