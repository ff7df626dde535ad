/** The member at the counter, shared by the member panel, the bill and the receipt. */
import type { MemberView } from 'tillpoints';

/** Holds the member found or enrolled, and tells the panels when it changes. */
export class CurrentMember {
  #member: MemberView | null = null;
  readonly #listeners = new Set<(member: MemberView | null) => void>();

  get(): MemberView | null {
    return this.#member;
  }

  set(member: MemberView | null): void {
    this.#member = member;
    for (const listener of this.#listeners) listener(member);
  }

  /** Subscribes; returns the unsubscriber. */
  onChange(listener: (member: MemberView | null) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
