// Lists the slowest test files of the last `npm test` (Jest's --json outputs, .local/test-results-*.json).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const count = Number(process.argv[2] ?? 20);
const outputs = readdirSync('.local').filter((name) => /^test-results-.*\.json$/.test(name));
const files = outputs
  .flatMap((name) => JSON.parse(readFileSync(join('.local', name), 'utf8')).testResults)
  .map((file) => ({ seconds: (file.endTime - file.startTime) / 1000, name: relative(process.cwd(), file.name) }))
  .sort((a, b) => b.seconds - a.seconds);
const total = files.reduce((sum, file) => sum + file.seconds, 0);
console.log(`${files.length} files, ${total.toFixed(0)} s in all; the ${count} slowest:`);
for (const file of files.slice(0, count)) console.log(`${file.seconds.toFixed(1).padStart(7)} s  ${file.name}`);
