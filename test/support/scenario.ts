import type { FakeDiscord } from '../../fake-discord/index.js';

/**
 * A small world most tests share: bot A sees guilds one and two and has the members intent;
 * bot B sees guild two only and has no members intent.
 */
export function seedScenario(fake: FakeDiscord) {
  const botA = fake.addBot({ username: 'Alpha', membersIntent: true });
  const botB = fake.addBot({ username: 'Beta', membersIntent: false });
  const guildOne = fake.addGuild({ name: 'One', botIds: [botA.user.id] });
  const guildTwo = fake.addGuild({ name: 'Two', botIds: [botA.user.id, botB.user.id] });
  const text = fake.addChannel(guildOne.id, { name: 'general', type: 0 });
  const voice = fake.addChannel(guildOne.id, { name: 'voice', type: 2 });
  const category = fake.addChannel(guildOne.id, { name: 'category', type: 4 });
  const hidden = fake.addChannel(guildOne.id, { name: 'secret', type: 0, hiddenFrom: [botA.user.id] });
  const twoText = fake.addChannel(guildTwo.id, { name: 'two-general', type: 0 });
  fake.addRole(guildOne.id, { name: 'mods' });
  const members = fake.addMembers(guildOne.id, 30);
  fake.addMembers(guildTwo.id, 5);
  fake.addMessages(text.id, 150);
  fake.addMessages(twoText.id, 3);
  return { botA, botB, guildOne, guildTwo, text, voice, category, hidden, twoText, members };
}

/** A string shaped like a Discord id that no seeded object has. */
export const UNKNOWN_ID = '999999999999999999';
