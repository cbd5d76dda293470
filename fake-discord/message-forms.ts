// Discord's checks on a message body: content 2000, embeds 10 with their field limits and 6000
// characters in all, and no empty message (50006, not 50035).
import { FormErrors, type Json } from './forms.js';
import type { Result } from './errors.js';

const EMBED_TEXT_LIMITS: [string, number][] = [['title', 256], ['description', 4096]];

const textLength = (value: unknown) => (typeof value === 'string' ? value.length : 0);
const asObject = (value: unknown): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {});

function checkEmbed(errors: FormErrors, embed: Json, index: number): number {
  const path = (...rest: (string | number)[]) => ['embeds', index, ...rest];
  for (const [key, max] of EMBED_TEXT_LIMITS) errors.string(embed, key, { max }, path(key));
  const footer = asObject(embed.footer);
  const author = asObject(embed.author);
  errors.string(footer, 'text', { max: 2048 }, path('footer', 'text'));
  errors.string(author, 'name', { max: 256 }, path('author', 'name'));
  const fields = Array.isArray(embed.fields) ? embed.fields : [];
  if (fields.length > 25) errors.add(path('fields'), 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let total = textLength(embed.title) + textLength(embed.description) + textLength(footer.text) + textLength(author.name);
  fields.forEach((raw, i) => {
    const field = asObject(raw);
    errors.string(field, 'name', { min: 1, max: 256 }, path('fields', i, 'name'));
    errors.string(field, 'value', { min: 1, max: 1024 }, path('fields', i, 'value'));
    total += textLength(field.name) + textLength(field.value);
  });
  return total;
}

export function checkMessageBody(body: Json): Result<Json> {
  const errors = new FormErrors();
  errors.string(body, 'content', { max: 2000 });
  errors.boolean(body, 'tts');
  errors.integer(body, 'flags', { min: 0, max: 2 ** 31 - 1 });
  if (body.embeds !== undefined && body.embeds !== null) {
    if (!Array.isArray(body.embeds)) errors.add(['embeds'], 'BASE_TYPE_LIST', 'Must be a list.');
    else if (body.embeds.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
    else {
      const total = body.embeds.reduce<number>((sum, embed, i) => sum + checkEmbed(errors, asObject(embed), i), 0);
      if (total > 6000) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
    }
  }
  return errors.result(body);
}

/** Whether a message with these fields would show nothing: Discord refuses it with 50006. */
export function isEmptyMessage(fields: { content?: unknown; embeds?: unknown; components?: unknown; sticker_ids?: unknown }): boolean {
  const nonEmptyList = (value: unknown) => Array.isArray(value) && value.length > 0;
  const hasContent = typeof fields.content === 'string' && fields.content.length > 0;
  return !hasContent && !nonEmptyList(fields.embeds) && !nonEmptyList(fields.components) && !nonEmptyList(fields.sticker_ids);
}
