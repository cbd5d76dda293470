/**
 * The Worker's stand-in for magic-bytes.js (wrangler.toml [alias]). @discordjs/rest uses it only
 * to guess the type of an uploaded file sent without a content type; guildgate uploads no files,
 * and the real module's pattern tree costs the Workers bundle about 4 kB gzipped. An unknown
 * type is what REST already handles (it sends application/octet-stream).
 */
export const filetypeinfo = (_bytes: Uint8Array | number[]): { typename: string; mime?: string; extension?: string }[] => [];
export default filetypeinfo;
