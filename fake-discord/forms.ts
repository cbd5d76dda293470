// Validation of write bodies with Discord's answers: every problem is collected into the nested
// `errors` tree of a 400 50035, keyed by the field's path ('embeds', 0, 'title').
import { fail, invalidForm, invalidJson, ok, type DiscordErrorTree, type FieldError, type Result } from './errors.js';

export type Json = Record<string, unknown>;

export async function readJsonObject(request: { text(): Promise<string> }): Promise<Result<Json>> {
  const text = await request.text();
  if (text.trim() === '') return ok({});
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return ok(value as Json);
    return fail(invalidForm({ _errors: [{ code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }] }));
  } catch {
    return fail(invalidJson());
  }
}

export class FormErrors {
  private readonly tree: DiscordErrorTree = {};
  private count = 0;

  add(path: (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const next = node[String(key)];
      node = (next && !Array.isArray(next) ? next : (node[String(key)] = {})) as DiscordErrorTree;
    }
    const leaf: FieldError[] = node._errors ?? (node._errors = []);
    leaf.push({ code, message });
    this.count += 1;
  }

  /** A string of at most `max` (and at least `min`) characters, when present. */
  string(body: Json, key: string, range: { min?: number; max: number }, path: (string | number)[] = [key]): void {
    const value = body[key];
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') return this.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    const min = range.min ?? 0;
    if (value.length < min || value.length > range.max) {
      const code = value.length > range.max ? 'BASE_TYPE_MAX_LENGTH' : 'BASE_TYPE_BAD_LENGTH';
      const message = min > 0 ? `Must be between ${min} and ${range.max} in length.` : `Must be ${range.max} or fewer in length.`;
      this.add(path, code, message);
    }
  }

  integer(body: Json, key: string, range: { min: number; max: number }): void {
    const value = body[key];
    if (value === undefined || value === null) return;
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.add([key], 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
    if (value < range.min) this.add([key], 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${range.min}.`);
    if (value > range.max) this.add([key], 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${range.max}.`);
  }

  boolean(body: Json, key: string): void {
    const value = body[key];
    if (value !== undefined && value !== null && typeof value !== 'boolean') this.add([key], 'BASE_TYPE_BOOLEAN', 'Must be either true or false.');
  }

  /** Permissions are sent as a decimal string of a bit set. */
  permissions(body: Json, key: string): void {
    const value = body[key];
    if (value === undefined || value === null) return;
    if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) this.add([key], 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
  }

  result<T>(value: T): Result<T> {
    return this.count === 0 ? ok(value) : fail(invalidForm(this.tree));
  }
}
