// What a model's monthly inflow means month by month, shared by the model's checks (load.ts) and the simulator
// (sim/chain/compile.ts). Pure: no Node-only import, so the simulator can run in a browser Web Worker.

/** Persons of month `offset` of a monthly series, extended after its end as `afterLastMonth` says. */
export function inflowMonthPersons(persons: readonly number[], offset: number, afterLastMonth: string): number {
  const n = persons.length;
  if (offset < n) return persons[offset];
  switch (afterLastMonth) {
    case 'hold-last':
      return persons[n - 1];
    case 'repeat-last-year':
      return persons[n - 12 + ((offset - n) % 12)];
    default:
      return 0;
  }
}
