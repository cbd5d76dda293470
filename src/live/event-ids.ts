/**
 * Event ids: one per change, shared by every stream it reaches, so a change is encoded once
 * however many streams it goes to. Ids grow within a process; the prefix tells processes (and
 * restarts) apart, so a client never mistakes one process's id for another's. guildgate keeps
 * no history: a reconnecting client re-reads what it shows (Last-Event-ID is not replayed).
 */
export class EventIds {
  private next = 0;
  private prefix: string | undefined;

  nextId(): string {
    // Made on first use, inside a request: Workers forbids randomness at module load.
    this.prefix ??= crypto.randomUUID().slice(0, 8);
    this.next += 1;
    return `${this.prefix}-${this.next.toString(36)}`;
  }
}
