import ivm from 'isolated-vm';
import { within } from '@rc/platform';

/** The limits of one script call: wall-clock time and the isolate's heap. */
export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
}

/** Why a script call failed: it threw, ran past its time, or outgrew its heap (the isolate is then gone). */
export class ScriptError extends Error {
  constructor(
    readonly kind: 'error' | 'timeout' | 'memory',
    message: string,
    readonly scriptStack?: string,
  ) {
    super(message);
    this.name = 'ScriptError';
  }
}

/** What a call gives back: the method's result (JSON data), or `missing` when the script has no such method. */
export type ScriptOutcome = { missing: true } | { missing: false; result: unknown; logs: string[] };

/** isolated-vm refuses smaller heaps. */
const MIN_MEMORY_MB = 8;

/**
 * Runs an integration's script (Rocket.Chat's `class Script { process_incoming_request(…) … }`) in an isolate of
 * its own per call (isolated-vm: a separate V8 heap, no Node API, nothing of this process reachable). Arguments go
 * in and results come out as JSON copies; `console.log` is collected. The time limit holds for the script's
 * synchronous run and for any promise it returns (the isolate is disposed at the deadline); the heap limit
 * disposes the isolate when exceeded. Either way the call fails with a ScriptError and this process goes on.
 */
export class ScriptSandbox {
  /** Compiles the script without running it: its syntax error, or undefined. */
  static check(source: string): { name: string; message: string } | undefined {
    const isolate = new ivm.Isolate({ memoryLimit: MIN_MEMORY_MB });
    try {
      isolate.compileScriptSync(source);
      return undefined;
    } catch (error) {
      const { name, message } = errorFields(error);
      return { name, message };
    } finally {
      isolate.dispose();
    }
  }

  /** Calls `new Script()[method](params)`. */
  async call(source: string, method: string, params: unknown, limits: SandboxLimits): Promise<ScriptOutcome> {
    const isolate = new ivm.Isolate({ memoryLimit: Math.max(MIN_MEMORY_MB, limits.memoryMb) });
    const logs: string[] = [];
    try {
      const context = await isolate.createContext();
      const jail = context.global;
      await jail.set('global', jail.derefInto());
      await jail.set('__params', JSON.stringify(params ?? null));
      await jail.set('__log', (line: string) => void (logs.length < 100 && logs.push(String(line).slice(0, 2000))));
      await context.eval(
        `globalThis.console = { log: (...a) => __log(a.map(String).join(' ')), warn: (...a) => __log(a.map(String).join(' ')),` +
          ` error: (...a) => __log(a.map(String).join(' ')), info: (...a) => __log(a.map(String).join(' ')) };` +
          ` globalThis.Store = (() => { const m = new Map(); return { get: (k) => m.get(k), set: (k, v) => m.set(k, v) }; })();`,
      );
      const script = await isolate.compileScript(`${source}\n;(${invoke.toString()})(${JSON.stringify(method)});`);
      const run = script.run(context, { timeout: limits.timeoutMs, promise: true, copy: true }) as Promise<string>;
      const answer = JSON.parse(
        await within(run, limits.timeoutMs, () => {
          if (!isolate.isDisposed) isolate.dispose();
          throw new ScriptError('timeout', `Script execution timed out after ${limits.timeoutMs} ms`);
        }),
      ) as { missing?: true; result?: unknown };
      if (answer.missing) return { missing: true };
      return { missing: false, result: answer.result, logs };
    } catch (error) {
      throw asScriptError(error, isolate);
    } finally {
      if (!isolate.isDisposed) isolate.dispose();
    }
  }
}

/** Runs inside the isolate (serialised with `toString`): never refers to anything outside it. */
async function invoke(method: string): Promise<string> {
  // `Script` is the class the integration's script declares.
  const ScriptClass = (globalThis as unknown as { eval: (code: string) => unknown }).eval(
    'typeof Script === "function" ? Script : undefined',
  ) as (new () => Record<string, unknown>) | undefined;
  if (!ScriptClass) throw new Error('The script does not declare class Script');
  const instance = new ScriptClass();
  const fn = instance[method];
  if (typeof fn !== 'function') return JSON.stringify({ missing: true });
  const params = JSON.parse((globalThis as unknown as { __params: string }).__params) as unknown;
  const result = (await (fn as (p: unknown) => unknown).call(instance, params)) ?? null;
  return JSON.stringify({ result });
}

/** An error's fields, whichever realm threw it (isolated-vm's errors are not this realm's `Error`). */
function errorFields(error: unknown): { name: string; message: string; stack?: string } {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { name, message, stack } = error as { name?: unknown; message?: unknown; stack?: unknown };
    return {
      name: typeof name === 'string' ? name : 'Error',
      message: typeof message === 'string' ? message : JSON.stringify(message),
      ...(typeof stack === 'string' && { stack }),
    };
  }
  return { name: 'Error', message: String(error) };
}

function asScriptError(error: unknown, isolate: ivm.Isolate): ScriptError {
  if (error instanceof ScriptError) return error;
  const { message, stack } = errorFields(error);
  if (/memory limit/i.test(message) || (isolate.isDisposed && !/timed out/i.test(message))) {
    return new ScriptError('memory', 'Script exceeded its memory limit');
  }
  if (/timed out/i.test(message)) return new ScriptError('timeout', 'Script execution timed out');
  return new ScriptError('error', message, stack);
}
