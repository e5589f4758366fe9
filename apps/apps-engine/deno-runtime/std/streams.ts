/**
 * Stand-in for `jsr:@std/streams`: the runtime imports only `toArrayBuffer`, to read an uploaded file's
 * stream whole before handing it to an app's upload hook.
 */
export async function toArrayBuffer(readable: ReadableStream<Uint8Array>): Promise<ArrayBuffer> {
	const chunks: Uint8Array[] = [];
	let length = 0;
	for await (const chunk of readable) {
		chunks.push(chunk);
		length += chunk.byteLength;
	}
	const all = new Uint8Array(length);
	let offset = 0;
	for (const chunk of chunks) {
		all.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return all.buffer;
}
