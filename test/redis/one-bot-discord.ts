import { createFakeDiscord, startFakeDiscordServer, type FakeBot, type FakeDiscord, type FakeDiscordServer } from '../../fake-discord/index.js';

export interface OneBotDiscord {
  fake: FakeDiscord;
  server: FakeDiscordServer;
  bot: FakeBot;
  guildId: string;
}

/** What the Redis suites read from: a fake Discord on a loopback socket, one bot, one guild with a text channel. */
export async function startOneBotDiscord(): Promise<OneBotDiscord> {
  const fake = createFakeDiscord();
  const bot = fake.addBot();
  const guildId = fake.addGuild({ botIds: [bot.user.id] }).id;
  fake.addChannel(guildId, { type: 0 });
  return { fake, server: await startFakeDiscordServer(fake, { port: 0 }), bot, guildId };
}
