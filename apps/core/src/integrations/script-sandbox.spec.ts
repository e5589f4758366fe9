import { describe, expect, it } from '@jest/globals';
import { ScriptError, ScriptSandbox } from './script-sandbox.js';

const limits = { timeoutMs: 500, memoryMb: 16 };

describe('ScriptSandbox', () => {
  const sandbox = new ScriptSandbox();

  it("calls the method of the script's class with the params, and gives back its result and logs", async () => {
    const script = `class Script {
      process_incoming_request({ request }) {
        console.log('got', request.content.text);
        return { content: { text: request.content.text.toUpperCase(), n: request.content.n + 1 } };
      }
    }`;
    const outcome = await sandbox.call(script, 'process_incoming_request', { request: { content: { text: 'hi', n: 1 } } }, limits);
    expect(outcome).toEqual({ missing: false, result: { content: { text: 'HI', n: 2 } }, logs: ['got hi'] });
  });

  it('awaits a method that returns a promise', async () => {
    const script = `class Script { async prepare_outgoing_request({ request }) { await null; return { url: request.url + '/x', method: 'POST' }; } }`;
    const outcome = await sandbox.call(script, 'prepare_outgoing_request', { request: { url: 'http://a' } }, limits);
    expect(outcome).toMatchObject({ result: { url: 'http://a/x', method: 'POST' } });
  });

  it('says when the script lacks the method, and undefined results are null', async () => {
    expect(await sandbox.call('class Script {}', 'process_outgoing_response', {}, limits)).toEqual({ missing: true });
    expect(await sandbox.call('class Script { a() {} }', 'a', {}, limits)).toMatchObject({ result: null });
  });

  it('stops an endless loop at the time limit, and an endless async loop too', async () => {
    const started = Date.now();
    await expect(sandbox.call('class Script { a() { for (;;) {} } }', 'a', {}, limits)).rejects.toMatchObject({ kind: 'timeout' });
    await expect(sandbox.call('class Script { async a() { await null; for (;;) {} } }', 'a', {}, limits)).rejects.toBeInstanceOf(
      ScriptError,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops a script that outgrows its heap, and the next call works', async () => {
    const hog = 'class Script { a() { const keep = []; for (;;) keep.push(new Array(100000).fill(Math.random())); } }';
    await expect(sandbox.call(hog, 'a', {}, { timeoutMs: 10_000, memoryMb: 16 })).rejects.toMatchObject({ kind: 'memory' });
    expect(await sandbox.call('class Script { a(p) { return p * 2; } }', 'a', 21, limits)).toMatchObject({ result: 42 });
  });

  it('reports what the script throws, and gives it nothing of Node', async () => {
    await expect(sandbox.call('class Script { a() { throw new Error("boom"); } }', 'a', {}, limits)).rejects.toMatchObject({
      kind: 'error',
      message: expect.stringContaining('boom'),
    });
    const probe = `class Script { a() { return [typeof require, typeof process, typeof fetch, typeof module].join(','); } }`;
    expect(await sandbox.call(probe, 'a', {}, limits)).toMatchObject({ result: 'undefined,undefined,undefined,undefined' });
  });

  it('checks a script for syntax errors without running it', () => {
    expect(ScriptSandbox.check('class Script { a() { return 1; } }')).toBeUndefined();
    expect(ScriptSandbox.check('class Script { a( { }')).toMatchObject({ name: 'SyntaxError' });
    expect(ScriptSandbox.check('for (;;) {}')).toBeUndefined();
  });
});
