/**
 * Stands in for `discord-api-types/v10` in the Workers bundle only (wrangler.toml [alias]).
 * That module is CommonJS, so importing one value from it bundles every enum of the API (about
 * 90 KB minified, 23 KB gzipped). guildgate and @discordjs/rest use three values from it:
 * Routes and CDNRoutes (from the package's own REST module, the same code) and APIVersion. A
 * value someone starts importing that is missing here fails the Worker build, loudly.
 */
export { CDNRoutes, Routes } from 'discord-api-types/rest/v10';
export const APIVersion = '10';
