/**
 * Stand-in for `jsr:@std/cli/parse-args`, which this server cannot download: the apps-engine's Deno runtime
 * parses only its own command line (`--subprocess <appId> --spawnId <n> [--metricsReportFrequencyInMs <n>]`).
 * Written for that use: `--name value` and `--name=value` pairs, `--flag` alone is `true`, numeric values
 * become numbers (as @std/cli does for options not declared as strings), anything else lands in `_`.
 */
export function parseArgs(args: string[]): Record<string, unknown> & { _: Array<string | number> } {
	const parsed: Record<string, unknown> & { _: Array<string | number> } = { _: [] };
	const value = (raw: string): string | number => (/^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '--') {
			parsed._.push(...args.slice(i + 1).map(value));
			break;
		}
		if (!arg.startsWith('--')) {
			parsed._.push(value(arg));
			continue;
		}
		const eq = arg.indexOf('=');
		if (eq !== -1) {
			parsed[arg.slice(2, eq)] = value(arg.slice(eq + 1));
			continue;
		}
		const next = args[i + 1];
		if (next !== undefined && !next.startsWith('--')) {
			parsed[arg.slice(2)] = value(next);
			i++;
		} else {
			parsed[arg.slice(2)] = true;
		}
	}
	return parsed;
}
