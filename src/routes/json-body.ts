import type { Context } from 'hono';
import { AppError } from '../errors.js';

/**
 * Reads a JSON object body of at most `maxBytes`, stopping as soon as it grows past that
 * (a Content-Length can lie or be absent). Bad JSON and non-objects are 400s.
 */
export async function readJsonObject(c: Context, maxBytes: number): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await readCappedBytes(c, maxBytes));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_JSON', 'The request body must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppError('INVALID_JSON', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * A body whose Content-Length is declared (and within the cap): the HTTP framing ends it at that
 * length, so it is read in one go. On Node this takes @hono/node-server's direct path, which
 * builds no Web Request: streaming `c.req.raw.body` would, with an AbortController and a
 * FinalizationRegistry entry per login that stay in the heap until a later GC's cleanup runs.
 */
async function readDeclared(c: Context, maxBytes: number): Promise<Uint8Array> {
  let bytes: ArrayBuffer;
  try {
    bytes = await c.req.arrayBuffer();
  } catch (error) {
    throw aborted(error);
  }
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  return new Uint8Array(bytes);
}

/**
 * The raw body, 413 as soon as it grows past `maxBytes` (a Content-Length can lie or be absent);
 * bytes, for bodies that must stay bytes (signed Webhook Events).
 */
export async function readCappedBytes(c: Context, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('Content-Length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (declared > 0 && c.req.header('Transfer-Encoding') === undefined) return readDeclared(c, maxBytes);
  return readStreamed(c.req.raw, maxBytes);
}

async function readStreamed(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await readChunk(reader);
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The client hung up before its body was complete (or its stream failed): its doing, not ours,
 * so a 400 REQUEST_ABORTED (which no one is left to read), never a 500 logged as an error.
 */
async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch (error) {
    throw aborted(error);
  }
}

function aborted(cause: unknown): AppError {
  return new AppError('REQUEST_ABORTED', 'The request body ended before it was complete', { cause });
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The request body must be at most ${maxBytes} bytes`);
}
