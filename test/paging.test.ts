import { describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';

async function bigGuild(env = {}) {
  const harness = new Harness({ env });
  const bot = harness.fake.addBot({ membersIntent: true });
  const guild = harness.fake.addGuild({ botIds: [bot.user.id] });
  const channel = harness.fake.addChannel(guild.id, { type: 0 });
  harness.fake.addMembers(guild.id, 2500);
  harness.fake.addMessages(channel.id, 400);
  const session = await harness.login(bot.token);
  return { harness, guild, channel, session };
}

describe('paging', () => {
  it('pages through 2,500 members with all=true, a thousand at a time', async () => {
    const { harness, guild, session } = await bigGuild();
    const response = await harness.get(`/api/guilds/${guild.id}/members?all=true`, session);
    const members = (await response.json()) as { user: { id: string } }[];
    expect(members).toHaveLength(2500);
    expect(new Set(members.map((member) => member.user.id)).size).toBe(2500);
    const calls = harness.fake.callsTo(`/guilds/${guild.id}/members`);
    expect(calls).toHaveLength(3);
    expect(calls.every((call) => /limit=1000/.test(call.query))).toBe(true);
  });

  it('stops all=true at MAX_MEMBERS', async () => {
    const { harness, guild, session } = await bigGuild({ MAX_MEMBERS: '1500' });
    const response = await harness.get(`/api/guilds/${guild.id}/members?all=true`, session);
    expect(((await response.json()) as unknown[]).length).toBe(1500);
    expect(harness.fake.callsTo(`/guilds/${guild.id}/members`)).toHaveLength(2);
  });

  it('fetches limit=250 messages in 3 upstream pages with before, newest first', async () => {
    const { harness, channel, session } = await bigGuild();
    const response = await harness.get(`/api/channels/${channel.id}/messages?limit=250`, session);
    const messages = (await response.json()) as { id: string }[];
    expect(messages).toHaveLength(250);
    const ids = messages.map((message) => BigInt(message.id));
    expect(ids.every((id, index) => index === 0 || id < ids[index - 1]!)).toBe(true);
    const calls = harness.fake.callsTo(`/channels/${channel.id}/messages`);
    expect(calls).toHaveLength(3);
    expect(calls.slice(1).every((call) => /before=\d+/.test(call.query))).toBe(true);
  });

  it('pages forwards with after, without duplicates', async () => {
    const { harness, channel, session } = await bigGuild();
    const oldest = (await (await harness.get(`/api/channels/${channel.id}/messages?limit=1000`, session)).json()) as { id: string }[];
    expect(oldest).toHaveLength(400);
    const first = oldest.at(-1)!.id;
    const response = await harness.get(`/api/channels/${channel.id}/messages?limit=150&after=${first}`, session);
    const messages = (await response.json()) as { id: string }[];
    expect(messages).toHaveLength(150);
    expect(new Set(messages.map((message) => message.id)).size).toBe(150);
    expect(messages.every((message) => BigInt(message.id) > BigInt(first))).toBe(true);
  });
});
