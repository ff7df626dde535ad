import type { NewId } from '../clock/ledger-ids.js';
import {
  normalizeIndianMobile,
  type IntentV1,
  type MemberLookupV1,
  type MemberV1,
  type NewMemberV1,
} from '../../protocol/index.js';
import { applyIntentsIn } from '../apply/apply-intents.js';
import { LedgerHttpError } from '../http/ledger-http-error.js';
import { instantColumn, intColumn, textOrNull } from '../sql/columns.js';
import type { SqlExecutor, SqlRow } from '../sql/sql-database.js';
import { currentTierRules, loadEarnState } from '../earn/earn-state.js';

const MEMBER_COLUMNS = 'member_id, card_number, phone, name, tier, points, held, version, updated_at';

/** The terminal id admin-made intents carry (opening balances, adjustments). */
export const ADMIN_TERMINAL_ID = 'ledger-admin';

type MemberRow = Omit<MemberV1, 'visits' | 'qualifyingPoints' | 'promotionPoints'>;

/** A member with what the earning rules know of them. */
async function withEarnState(db: SqlExecutor, rows: MemberRow[], at: string): Promise<MemberV1[]> {
  const states = await loadEarnState(db, rows.map((r) => r.memberId), await currentTierRules(db), at);
  return rows.map((r) => {
    const s = states.get(r.memberId);
    return {
      ...r,
      tier: s?.tier ?? r.tier,
      visits: s?.visits ?? 0,
      qualifyingPoints: s?.qualifyingPoints ?? 0,
      promotionPoints: s?.promotionPoints ?? {},
    };
  });
}

function toMember(row: SqlRow): MemberRow {
  const points = intColumn(row.points);
  const held = intColumn(row.held);
  return {
    memberId: String(row.member_id),
    cardNumber: textOrNull(row.card_number),
    phone: textOrNull(row.phone),
    name: textOrNull(row.name),
    tier: String(row.tier),
    balance: {
      memberId: String(row.member_id),
      points,
      held,
      available: points - held,
      version: intColumn(row.version),
      updatedAt: instantColumn(row.updated_at),
    },
  };
}

function phoneOf(member: NewMemberV1, index: number): string | null {
  if (member.phone === undefined) return null;
  const phone = normalizeIndianMobile(member.phone);
  if (!phone) {
    throw new LedgerHttpError(
      400,
      'invalid_request',
      `members[${index}].phone is not an Indian mobile number`,
      [{ path: ['members', index, 'phone'], message: 'not an Indian mobile number' }],
    );
  }
  return phone;
}

async function refuseTaken(
  tx: SqlExecutor,
  members: readonly NewMemberV1[],
  phones: (string | null)[],
): Promise<void> {
  const taken = await tx.query(
    `SELECT member_id, card_number, phone FROM members
      WHERE member_id = ANY($1::text[]) OR card_number = ANY($2::text[]) OR phone = ANY($3::text[])`,
    [
      members.map((m) => m.memberId),
      members.flatMap((m) => m.cardNumber ?? []),
      phones.filter((p) => p !== null),
    ],
  );
  const ids = new Set(members.map((m) => m.memberId));
  // A till-made id merged into a member is that member's alias: never a new member.
  const aliases = await tx.query(`SELECT alias_id AS member_id FROM member_aliases WHERE alias_id = ANY($1::text[])`, [[...ids]]);
  for (const row of [...taken, ...aliases]) {
    if (ids.has(String(row.member_id))) {
      throw new LedgerHttpError(409, 'member_exists', `member ${String(row.member_id)} already exists`);
    }
  }
  if (taken.some((r) => members.some((m) => m.cardNumber !== undefined && m.cardNumber === r.card_number))) {
    throw new LedgerHttpError(409, 'card_in_use', 'a card number is already held by another member');
  }
  if (taken.length > 0)
    throw new LedgerHttpError(409, 'phone_in_use', 'a phone number is already held by another member');
}

function refuseRepeats(members: readonly NewMemberV1[], phones: (string | null)[]): void {
  const seen = (values: (string | null | undefined)[]) => {
    const present = values.filter((v) => v !== null && v !== undefined);
    return new Set(present).size !== present.length;
  };
  if (seen(members.map((m) => m.memberId)))
    throw new LedgerHttpError(409, 'member_exists', 'a member id appears twice');
  if (seen(members.map((m) => m.cardNumber)))
    throw new LedgerHttpError(409, 'card_in_use', 'a card number appears twice');
  if (seen(phones)) throw new LedgerHttpError(409, 'phone_in_use', 'a phone number appears twice');
}

/**
 * Enrols members, all or none, inside the caller's transaction. An opening balance is
 * journaled as an adjustment, so the trial balance stays zero.
 */
export async function createMembers(
  tx: SqlExecutor,
  members: readonly NewMemberV1[],
  at: string,
  newId: NewId,
): Promise<MemberV1[]> {
  const phones = members.map(phoneOf);
  refuseRepeats(members, phones);
  await refuseTaken(tx, members, phones);
  const rows = members.map((m, i) => ({
    member_id: m.memberId,
    card_number: m.cardNumber ?? null,
    phone: phones[i],
    name: m.name ?? null,
    tier: m.tier ?? 'base',
  }));
  await tx.query(
    `INSERT INTO members (member_id, card_number, phone, name, tier, created_at, updated_at)
     SELECT member_id, card_number, phone, name, tier, $2::timestamptz, $2::timestamptz
       FROM jsonb_to_recordset($1::jsonb) AS r(member_id text, card_number text, phone text, name text, tier text)`,
    [JSON.stringify(rows), at],
  );
  const opening: IntentV1[] = members.flatMap((m, i) =>
    m.openingPoints
      ? [
          {
            kind: 'adjust' as const,
            intentId: newId(Date.parse(at)),
            terminalId: ADMIN_TERMINAL_ID,
            storeId: ADMIN_TERMINAL_ID,
            memberId: m.memberId,
            seq: i + 1,
            occurredAt: at,
            points: m.openingPoints,
            reason: 'opening balance',
            approvedBy: ADMIN_TERMINAL_ID,
          },
        ]
      : [],
  );
  if (opening.length > 0) await applyIntentsIn(tx, opening, at);
  const created = await tx.query(`SELECT ${MEMBER_COLUMNS} FROM members WHERE member_id = ANY($1::text[])`, [
    members.map((m) => m.memberId),
  ]);
  const byId = new Map((await withEarnState(tx, created.map(toMember), at)).map((m) => [m.memberId, m]));
  return members.map((m) => byId.get(m.memberId)!);
}

/** Finds a member by id, card number or phone number (any common Indian form). */
export async function lookupMember(db: SqlExecutor, lookup: MemberLookupV1, at: string): Promise<MemberV1 | undefined> {
  let where: string;
  let value: string;
  if ('memberId' in lookup) [where, value] = ['member_id = $1', lookup.memberId];
  else if ('card' in lookup) [where, value] = ['card_number = $1', lookup.card];
  else {
    const phone = normalizeIndianMobile(lookup.phone);
    if (!phone) return undefined;
    [where, value] = ['phone = $1', phone];
  }
  const rows = await db.query(`SELECT ${MEMBER_COLUMNS} FROM members WHERE ${where}`, [value]);
  if (!rows[0]) return undefined;
  return (await withEarnState(db, [toMember(rows[0])], at))[0];
}
