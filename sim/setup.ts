import { SIM_MANAGER, simRuleset } from './operations.js';
import { driveUntil } from './drive.js';
import { SimTill, type SimWorld } from './world.js';

/**
 * Builds the seed's world at the ledger (policy, ruleset, members, tills, the app channel),
 * starts every tab, and warms each up without faults: a sync round (policy, ruleset) and a
 * lookup of every member (and, under `allowance`, their allowances).
 */
export async function setUpWorld(world: SimWorld): Promise<void> {
  const spec = world.schedule.world;
  const start = world.scheduler.now;
  await world.must('POST', '/v1/admin/policy', { protocol: 'v1', policy: spec.policy });
  world.rulesetVersion = 1;
  await world.must('POST', '/v1/admin/rulesets', { protocol: 'v1', ruleset: simRuleset(1, 1), effectiveFrom: new Date(start - 3_600_000).toISOString() });
  await world.must('POST', '/v1/admin/members', {
    protocol: 'v1',
    members: spec.members.map((m) => ({ memberId: m.memberId, phone: m.phone, openingPoints: m.openingPoints })),
  });
  // A manager's PIN is hashed slowly (scrypt, by design): registered only when a manager will sign.
  if (world.schedule.events.some((e) => e.what.kind === 'adjust')) {
    for (const storeId of spec.stores) await world.must('POST', '/v1/admin/managers', { protocol: 'v1', storeId, ...SIM_MANAGER });
  }
  world.appKey = (await world.must('POST', '/v1/admin/terminals', { protocol: 'v1', terminalId: 'brand-app', storeId: 'app' })).apiKey;
  for (const till of spec.tills) {
    const { apiKey } = await world.must('POST', '/v1/admin/terminals', { protocol: 'v1', terminalId: till.terminalId, storeId: till.storeId });
    world.tills.push(new SimTill(world, till, apiKey));
  }
  const warmUps = world.tills.flatMap((till) =>
    till.tabs.map(async (tab) => {
      await tab.ready;
      await tab.terminal.sync().catch(() => {});
      for (const memberId of world.memberIds) await tab.terminal.lookupMember({ memberId }).catch(() => {});
    }),
  );
  if (!(await driveUntil(world, Promise.all(warmUps)))) throw new Error('the warm-up did not finish');
  world.trace.line(`world: ${describeWorld(world)}`);
}

function describeWorld(world: SimWorld): string {
  const spec = world.schedule.world;
  const tills = spec.tills.map((t) => `${t.terminalId}${t.tabs === 2 ? '(2 tabs)' : ''}${t.skewMs ? `(skew ${t.skewMs})` : ''}`).join(' ');
  const members = spec.members.map((m) => `${m.memberId}:${m.openingPoints}`).join(' ');
  return `policy=${JSON.stringify(spec.policy)} tills=${tills} members=${members}`;
}
