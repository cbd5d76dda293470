// @discordjs/proxy served the way its own container (packages/proxy-container) serves it:
// node:http with proxyRequests, a REST that leaves retrying to the caller; only `api` points
// at the fake Discord instead of discord.com. Env: PORT, DISCORD_API_URL.
import { createServer } from 'node:http';
import { proxyRequests } from '@discordjs/proxy';
import { REST } from '@discordjs/rest';

const api = new REST({ api: process.env.DISCORD_API_URL ?? 'http://127.0.0.1:3001/api', rejectOnRateLimit: () => true, retries: 0 });
const server = createServer(proxyRequests(api));
server.listen(Number.parseInt(process.env.PORT ?? '8080', 10), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
