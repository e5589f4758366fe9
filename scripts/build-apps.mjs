#!/usr/bin/env node
// Builds every application of nest-cli.json with the Nest CLI. Not the library projects (`nest build --all` would):
// each app's build already emits the library files it imports into dist/libs, so building them again cost a third
// of a fresh build (~30 of ~95 s) for the same files.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { projects } = JSON.parse(readFileSync(join(root, 'nest-cli.json'), 'utf8'));
const apps = Object.keys(projects).filter((name) => projects[name].type === 'application');
const result = spawnSync('npx', ['nest', 'build', ...apps], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
