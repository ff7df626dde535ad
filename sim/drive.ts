import { settle } from './scheduler.js';
import type { SimWorld } from './world.js';

/**
 * Runs virtual events until `work` settles (at most `maxEvents`); answers whether it did.
 * When no event is left and the work still waits, it waits on nothing the simulator drives.
 */
export async function driveUntil(world: SimWorld, work: Promise<unknown>, maxEvents = 20_000): Promise<boolean> {
  let done = false;
  work.then(
    () => (done = true),
    () => (done = true),
  );
  await settle();
  let idle = 0;
  for (let n = 0; !done && n < maxEvents; n++) {
    if (await world.scheduler.step()) idle = 0;
    else {
      await settle();
      if (++idle > 5) break;
    }
  }
  return done;
}
