// The day of a replication: at each day's edge (before anything else at that time) the parts record the day that
// ended (stocks, occupancy and their costs), then the playbook decides, the quotas of the new day are released,
// and beds that came free are given out.
import type { Kernel } from '../../engine/kernel.ts';
import { PRIORITY_TICK } from './constants.ts';
import type { Playbook } from './playbook.ts';
import type { Reception } from './reception.ts';
import type { Recorder } from './recorder.ts';
import type { Stages } from './stages.ts';
import type { Nareis } from './nareis.ts';

export interface DayParts {
  recorder: Recorder;
  stages: Stages;
  reception: Reception;
  playbook: Playbook;
  nareis?: Nareis | null;
}

export class DayClock {
  private readonly kernel: Kernel;
  private readonly horizon: number;
  private readonly parts: DayParts;
  private readonly evTick: number;

  constructor(kernel: Kernel, horizon: number, parts: DayParts) {
    this.kernel = kernel;
    this.horizon = horizon;
    this.parts = parts;
    this.evTick = kernel.on((d: number) => this.tick(d));
  }

  /** Schedules the edge of day 0. */
  start(): void {
    this.kernel.schedule(0, this.evTick, 0, PRIORITY_TICK);
  }

  /** The last day's snapshot, at the horizon (events at or after it are not run). */
  end(): void {
    this.tick(this.horizon);
  }

  private tick(d: number): void {
    const { recorder, stages, reception, playbook } = this.parts;
    const t = d;
    if (d >= 1) {
      const day = d - 1;
      recorder.snapshot(day);
      stages.snapshot(day);
      reception.snapshot(day, t);
      this.parts.nareis?.snapshot(day);
    }
    if (d < this.horizon) {
      if (playbook.hasRules) playbook.runDay(d);
      stages.releaseQuotas(d);
      reception.drainFills(t);
      this.kernel.schedule(d + 1, this.evTick, d + 1, PRIORITY_TICK);
    }
  }
}
