/** A route path (`/api/guilds/:guildId`) as a matcher of concrete paths. */
export interface PathPattern {
  readonly path: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

export function compilePath(path: string): PathPattern {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { path, regex: new RegExp(`^${source}$`), names };
}

/** The path parameters when the path matches, else undefined. */
export function matchPath(pattern: PathPattern, path: string): Record<string, string> | undefined {
  const match = pattern.regex.exec(path);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  pattern.names.forEach((name, index) => (params[name] = match[index + 1]!));
  return params;
}

/** `/api/guilds/:guildId` as OpenAPI writes it: `/api/guilds/{guildId}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]\w*)/g, '{$1}');
}
