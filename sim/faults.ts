import type { Fault, ScheduledEvent } from './schedule.js';
import type { SimWorld } from './world.js';

/** Applies one fault now; a fault with a duration schedules its own end. */
export async function applyFault(world: SimWorld, event: ScheduledEvent & { what: Fault }): Promise<void> {
  const f = event.what;
  const tag = `e${event.id}`;
  const log = (text: string) => world.trace.line(`${tag} -> ${text}`);
  switch (f.kind) {
    case 'partition': {
      const storeId = world.schedule.world.stores[f.store % world.schedule.world.stores.length]!;
      world.network.partition(storeId, true);
      log(`${storeId} cut off`);
      world.scheduler.after(f.ms, `heal ${storeId}`, () => {
        world.network.partition(storeId, false);
        world.trace.line(`${tag} end: ${storeId} reachable`);
      });
      return;
    }
    case 'flaky': {
      const storeId = world.schedule.world.stores[f.store % world.schedule.world.stores.length]!;
      world.network.flaky(storeId, f.fault, world.scheduler.now + f.ms);
      return log(`${storeId} flaky (${f.fault}) for ${f.ms} ms`);
    }
    case 'message': {
      const till = world.till(f.till);
      world.network.arm(till.spec.terminalId, f.fault);
      return log(`${f.fault} armed for ${till.spec.terminalId}`);
    }
    case 'kill': {
      const till = world.till(f.till);
      const index = f.tab % till.tabs.length;
      const tab = till.tabs[index]!;
      if (tab.isDead()) return log(`${tab.name} already dead`);
      tab.kill();
      log(`${tab.name} killed`);
      world.scheduler.after(f.ms, `restart ${tab.name}`, () => {
        if (till.tabs[index] !== tab) return; // wiped meanwhile: already started again
        const fresh = till.restart(index);
        world.trace.line(`${tag} end: ${fresh.name} started on the same storage`);
      });
      return;
    }
    case 'freeze': {
      const till = world.till(f.till);
      const tab = till.tabs[f.tab % till.tabs.length]!;
      if (tab.state !== 'live') return log(`${tab.name} not live`);
      tab.freeze();
      log(`${tab.name} frozen`);
      world.scheduler.after(f.ms, `wake ${tab.name}`, () => {
        tab.wake(world.network);
        world.trace.line(`${tag} end: ${tab.name} woken`);
      });
      return;
    }
    case 'wipe': {
      const till = world.till(f.till);
      till.wipe();
      return log(`${till.spec.terminalId} storage wiped, tabs ${till.tabs.map((t) => t.name).join(',')} started empty`);
    }
    case 'crash-ledger':
      world.network.crashLedger();
      await world.port.restart();
      return log('ledger crashed and restarted');
    case 'skew': {
      const till = world.till(f.till);
      till.skewMs += f.ms;
      return log(`${till.spec.terminalId} clock skew now ${till.skewMs} ms`);
    }
  }
}
