// Formats simulated case events as rows of a case-event log (columns in docs/simulation.md): one row per
// event, timestamps in Europe/Amsterdam with their UTC offset. Pure formatting; the caller decides where the
// text goes (a file in the CLI, memory in tests).
import type { CompiledChain } from '../chain/compile.ts';
import type { TraceSink } from '../chain/simulate.ts';
import { formatIsoDate, weekday } from '../../core/calendar.ts';
import { csvField } from '../../core/csv.ts';

export const TRACE_HEADER =
  'event_id,case_id,person_id,activity,lifecycle,timestamp,partner,stage,track,cohort,location,outcome,persons,children,replication';

/** A case pseudonym: stable for the same arrival in two scenarios run with the same seed. */
export function casePseudonym(caseKey: number): string {
  return `c${caseKey.toString(36)}`;
}

/** Last Sunday of a month (day number), for the EU summer-time rule. */
function lastSunday(year: number, month0: number): number {
  const lastDay = Date.UTC(year, month0 + 1, 0) / 86_400_000;
  return lastDay - ((weekday(lastDay) + 1) % 7); // weekday: 0 = Monday … 6 = Sunday
}

/**
 * ISO 8601 local time in Europe/Amsterdam for a simulation time, reading simulation time as the local clock.
 * Summer time (UTC+2) runs from 02:00 on the last Sunday of March to 03:00 on the last Sunday of October.
 */
export function amsterdamTimestamp(startDay: number, t: number): string {
  const dayIndex = Math.floor(t);
  const day = startDay + dayIndex;
  let seconds = Math.round((t - dayIndex) * 86_400);
  let dayNo = day;
  if (seconds >= 86_400) {
    seconds -= 86_400;
    dayNo += 1;
  }
  const date = formatIsoDate(dayNo);
  const year = Number(date.slice(0, 4));
  const summerFrom = lastSunday(year, 2);
  // 02:00-03:00 on the spring-forward Sunday does not exist on Amsterdam clocks: show the same instant as 03:xx.
  if (dayNo === summerFrom && seconds >= 7200 && seconds < 10_800) seconds += 3600;
  const hour = Math.floor(seconds / 3600);
  const summerTo = lastSunday(year, 9);
  const summer =
    (dayNo > summerFrom || (dayNo === summerFrom && hour >= 2)) &&
    (dayNo < summerTo || (dayNo === summerTo && hour < 3));
  const hh = String(hour).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}:${ss}${summer ? '+02:00' : '+01:00'}`;
}

/** A trace sink that hands formatted CSV lines (with a trailing newline) to `write`. */
export function csvTraceSink(
  chain: CompiledChain,
  replication: number,
  write: (lines: string) => void,
): TraceSink & { flush(): void } {
  let eventNo = 0;
  let buffer: string[] = [];
  const flush = () => {
    if (buffer.length > 0) write(buffer.join(''));
    buffer = [];
  };
  return {
    event(caseKey, persons, children, activity, lifecycle, time, stage, track, cohort, location, outcome) {
      const id = casePseudonym(caseKey);
      const row = [
        `r${replication}-e${eventNo++}`,
        id,
        `${id}-p1`,
        csvField(activity),
        lifecycle,
        amsterdamTimestamp(chain.startDay, time),
        stage >= 0 ? csvField(chain.stages[stage].partner) : '',
        stage >= 0 ? csvField(chain.stages[stage].id) : '',
        track >= 0 ? csvField(chain.tracks[track].id) : '',
        csvField(chain.cohorts[cohort].id),
        location >= 0 ? csvField(chain.locations[location].id) : location === -2 ? 'overflow' : '',
        csvField(outcome),
        String(persons),
        String(children),
        String(replication),
      ].join(',');
      buffer.push(row + '\n');
      if (buffer.length >= 4096) flush();
    },
    flush,
  };
}
