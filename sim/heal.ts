import { driveUntil } from './drive.js';
import type { SimWorld } from './world.js';

/** What healing found: how many rounds it took, and whether every queue drained. */
export interface HealReport {
  readonly rounds: number;
  readonly quiet: boolean;
  readonly stuck: string[];
}

/**
 * Ends every fault (partitions, armed faults, frozen and dead tabs start again), then runs
 * sync rounds, 30 virtual seconds apart (the lease a dead tab held lapses after three pull
 * intervals), until in two rounds in a row every till had a tab that led a complete round and
 * its queue is empty (the second round pulls what others pushed), at most `maxRounds`.
 */
export async function heal(world: SimWorld, maxRounds = 15): Promise<HealReport> {
  world.trace.line('heal: faults end');
  world.network.heal();
  for (const till of world.tills) {
    till.tabs.forEach((tab, i) => {
      if (tab.isFrozen()) tab.wake(world.network);
      if (tab.isDead()) till.restart(i);
    });
  }
  let quietRounds = 0;
  let stuck: string[] = [];
  for (let round = 1; round <= maxRounds; round++) {
    await world.scheduler.run(world.scheduler.now + 30_000, 20_000);
    const led = world.tills.map(async (till) => {
      for (const tab of till.tabs) {
        await tab.ready;
        const r = await tab.terminal.sync().catch((e: Error) => ({ error: e.message }));
        if ('leader' in r && r.leader) return true;
      }
      return false;
    });
    const leaders = Promise.all(led);
    if (!(await driveUntil(world, leaders))) {
      stuck = ['a sync round never finished'];
      quietRounds = 0;
      continue;
    }
    const ledRound = await leaders;
    const depths = await Promise.all(world.tills.map(async (till) => ({ till: till.spec.terminalId, depth: (await till.tabs[0]!.terminal.status()).queueDepth })));
    stuck = [
      ...world.tills.filter((_, i) => !ledRound[i]).map((t) => `${t.spec.terminalId} had no leading tab`),
      ...depths.filter((d) => d.depth > 0).map((d) => `${d.till} has ${d.depth} queued`),
    ];
    quietRounds = stuck.length === 0 ? quietRounds + 1 : 0;
    world.trace.line(`heal: round ${round} ${stuck.length === 0 ? 'quiet' : stuck.join(', ')}`);
    if (quietRounds >= 2) return { rounds: round, quiet: true, stuck: [] };
  }
  return { rounds: maxRounds, quiet: false, stuck };
}
