import type { Context } from 'hono';
import { AppError } from '../errors.js';

/**
 * Reads a JSON object body of at most `maxBytes`, stopping as soon as it grows past that
 * (a Content-Length can lie or be absent). Bad JSON and non-objects are 400s.
 */
export async function readJsonObject(c: Context, maxBytes: number): Promise<Record<string, unknown>> {
  const declared = Number(c.req.header('Content-Length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
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

/** The raw body, 413 as soon as it grows past `maxBytes` (for bodies that must stay bytes: signatures). */
export async function readCappedBytes(c: Context, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('Content-Length') ?? '0');
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const request = c.req.raw;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
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

function tooLarge(maxBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The request body must be at most ${maxBytes} bytes`);
}
