/**
 * Stand-in for `jsr:@std/io`: the runtime imports only `writeAll`, to write a whole encoded message to
 * stdout/stderr (a `Deno.Writer` may accept fewer bytes than given per call).
 */
export async function writeAll(writer: { write(p: Uint8Array): Promise<number> }, data: Uint8Array): Promise<void> {
	let written = 0;
	while (written < data.byteLength) {
		written += await writer.write(data.subarray(written));
	}
}
