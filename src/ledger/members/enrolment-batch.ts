import type { EnrolIntentV1, IntentV1 } from '../../protocol/index.js';
import type { SqlExecutor } from '../sql/sql-database.js';
import { decideEnrolment, enrolmentPhone, type EnrolmentVerdict } from './decide-enrolment.js';
import { loadAliases } from './member-aliases.js';
import { requiredConsentsFor, type RequiredConsentsReader } from './required-consents.js';

/** A merge an applied enrolment makes: the till's id becomes an alias of `into`. */
interface Merge {
  readonly aliasId: string;
  readonly into: string;
  readonly intentId: string;
  readonly consents: readonly string[];
}

/**
 * The enrolments of one push batch, and the member each intent of the batch is applied to.
 *
 * Runs before the batch locks its members: it creates the members the batch enrols (so the
 * lock, the earning rules and the balance checks see them, a first bill as a new member with
 * no visits) and resolves every member id that is an alias (merged before, or by an
 * enrolment earlier in this batch) to the surviving member. Two pushes enrolling the same
 * phone number at once: the second one's insert waits on the phone's unique index and fails
 * when the first commits; the transaction is retried, and the retry finds the phone taken
 * and merges into the first one's member.
 */
export class EnrolmentBatch {
  readonly #merges = new Map<string, Merge>();

  private constructor(
    readonly verdicts: ReadonlyMap<string, EnrolmentVerdict>,
    readonly aliases: ReadonlyMap<string, string>,
    readonly intents: readonly IntentV1[],
  ) {}

  /**
   * Decides the batch's new enrolments in order, creates the members it enrols, and gives
   * every intent with its member id resolved (a copy only where it changed). `pins` keeps a
   * manager's PIN with the resolved copy of its intent.
   */
  static async prepare(
    tx: SqlExecutor,
    intents: readonly IntentV1[],
    at: string,
    pins?: WeakMap<IntentV1, string>,
    requiredConsents: RequiredConsentsReader = requiredConsentsFor,
  ): Promise<EnrolmentBatch> {
    const aliases = await loadAliases(tx, intents.map((i) => i.memberId));
    const verdicts = new Map<string, EnrolmentVerdict>();
    const enrolments = intents.filter((i): i is EnrolIntentV1 => i.kind === 'enrol');
    if (enrolments.length > 0) {
      const stored = new Set(
        (await tx.query(`SELECT intent_id FROM intents WHERE intent_id = ANY($1::text[])`, [enrolments.map((i) => i.intentId)])).map((r) =>
          String(r.intent_id),
        ),
      );
      for (const intent of enrolments) {
        // A repeat is answered from its stored outcome; a second copy in this batch likewise.
        if (stored.has(intent.intentId) || verdicts.has(intent.intentId)) continue;
        const verdict = decideEnrolment(intent, await requiredConsents(tx, intent.storeId), await findHolders(tx, intent, aliases));
        verdicts.set(intent.intentId, verdict);
        if (verdict.action === 'create') await createMember(tx, intent, verdict.phone, at);
        if (verdict.action === 'merge') aliases.set(intent.memberId, verdict.into);
      }
    }
    const resolved = intents.map((intent) => {
      const into = aliases.get(intent.memberId);
      if (into === undefined) return intent;
      const copy = { ...intent, memberId: into };
      const pin = pins?.get(intent);
      if (pin !== undefined) pins!.set(copy, pin);
      return copy;
    });
    return new EnrolmentBatch(verdicts, aliases, resolved);
  }

  /** The verdict on a new enrolment of this batch (undefined for a repeat or another kind). */
  verdict(intentId: string): EnrolmentVerdict | undefined {
    return this.verdicts.get(intentId);
  }

  /** The member an intent naming `memberId` is applied to, when that id is an alias. */
  mergedInto(memberId: string): string | undefined {
    return this.aliases.get(memberId);
  }

  /** Records that an enrolment merging its id was applied (its alias is written with the batch). */
  applied(intent: IntentV1): void {
    const verdict = this.verdicts.get(intent.intentId);
    if (intent.kind !== 'enrol' || verdict?.action !== 'merge') return;
    this.#merges.set(intent.memberId, { aliasId: intent.memberId, into: verdict.into, intentId: intent.intentId, consents: intent.consents });
  }

  /** Writes the aliases of the applied merges, and adds the consents they brought to the surviving members. */
  async write(tx: SqlExecutor, at: string): Promise<void> {
    if (this.#merges.size === 0) return;
    const rows = [...this.#merges.values()].map((m) => ({ alias_id: m.aliasId, member_id: m.into, intent_id: m.intentId, consents: m.consents }));
    await tx.query(
      `INSERT INTO member_aliases (alias_id, member_id, merged_at, intent_id)
       SELECT alias_id, member_id, $2::timestamptz, intent_id FROM jsonb_to_recordset($1::jsonb) AS r(alias_id text, member_id text, intent_id text)`,
      [JSON.stringify(rows), at],
    );
    for (const row of rows) {
      await tx.query(
        `UPDATE members SET consents = (SELECT coalesce(jsonb_agg(DISTINCT c ORDER BY c), '[]'::jsonb)
                                          FROM jsonb_array_elements_text(consents || $2::jsonb) AS c)
          WHERE member_id = $1`,
        [row.member_id, JSON.stringify(row.consents)],
      );
    }
  }
}

/** Who holds the enrolment's id, phone and card now (this transaction's own inserts included). */
async function findHolders(tx: SqlExecutor, intent: EnrolIntentV1, aliases: ReadonlyMap<string, string>) {
  const phone = enrolmentPhone(intent) ?? null;
  const rows = await tx.query(
    `SELECT member_id, phone, card_number FROM members WHERE member_id = $1 OR phone = $2 OR card_number = $3`,
    [intent.memberId, phone, intent.cardNumber ?? null],
  );
  const aliased = aliases.has(intent.memberId) || (await tx.query(`SELECT 1 FROM member_aliases WHERE alias_id = $1`, [intent.memberId])).length > 0;
  return {
    idTaken: aliased || rows.some((r) => String(r.member_id) === intent.memberId),
    phoneHolder: phone === null ? undefined : rows.find((r) => r.phone === phone)?.member_id as string | undefined,
    cardHolder: intent.cardNumber === undefined ? undefined : rows.find((r) => r.card_number === intent.cardNumber)?.member_id as string | undefined,
  };
}

async function createMember(tx: SqlExecutor, intent: EnrolIntentV1, phone: string | null, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO members (member_id, card_number, phone, name, consents, enrolled_store_id, enrolled_terminal_id, enrolled_by_intent,
                          created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::timestamptz, $9::timestamptz)`,
    [
      intent.memberId, intent.cardNumber ?? null, phone, intent.name ?? null, JSON.stringify([...new Set(intent.consents)].sort()),
      intent.storeId, intent.terminalId, intent.intentId, at,
    ],
  );
}
