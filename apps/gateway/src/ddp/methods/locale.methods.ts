import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { args, defineMethod, MethodRegistry } from './method-registry.js';

const require = createRequire(import.meta.url);

/** A language tag as moment names its locale files (`de`, `pt-br`, `zh-cn`): never a path. */
const LOCALE_FILE_NAME = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/;

/**
 * Meteor `loadLocale(locale)`: the web client asks it, at start and on every change of language, for moment's date
 * formats of a language moment's bundle lacks, and runs the answer. As Rocket.Chat, the locale file of moment itself
 * (`pt-BR` → `pt-br`, else the language alone: `de-LU` → `de`); none is Rocket.Chat's "Moment locale not found".
 */
@Injectable()
export class LocaleMethods implements OnModuleInit {
  private readonly sources = new Map<string, Promise<string | undefined>>();

  constructor(private readonly registry: MethodRegistry) {}

  onModuleInit(): void {
    this.registry.register(
      defineMethod({
        name: 'loadLocale',
        anonymous: true,
        params: args(z.string().max(64)),
        run: (_ctx, [locale]) => this.load(locale),
      }),
    );
  }

  async load(locale: string): Promise<string> {
    const lower = locale.toLowerCase();
    for (const candidate of new Set([lower, lower.split('-')[0]])) {
      const source = await this.source(candidate);
      if (source !== undefined) return source;
    }
    throw new DomainError(ErrorCode.NotFound, `Moment locale not found: ${locale}`);
  }

  private source(name: string): Promise<string | undefined> {
    if (!LOCALE_FILE_NAME.test(name)) return Promise.resolve(undefined);
    let source = this.sources.get(name);
    if (!source) {
      // Only the files found stay cached: a client cannot grow the map with names moment lacks.
      source = Promise.resolve(`moment/locale/${name}.js`)
        .then((file) => readFile(require.resolve(file), 'utf8'))
        .catch(() => {
          this.sources.delete(name);
          return undefined;
        });
      this.sources.set(name, source);
    }
    return source;
  }
}
