/**
 * Stands in for `magic-bytes.js` in the Workers bundle only (wrangler.toml [alias]).
 * @discordjs/rest uses it for one thing: guessing the content type of an uploaded file that has
 * none. guildgate never uploads files (its writes are JSON bodies), so its 19 KB pattern tree
 * (about 3 KB gzipped) has no use in the Worker. Answers what the real one does for unknown bytes.
 */
export function filetypeinfo(): { mime?: string }[] {
  return [];
}
