/** What the poller reads from every meter, in order. */
export interface ReadingPlan {
  /** Data identifiers (DI3..DI0). Their catalogue meaning decides which sink method gets them. */
  dis: string[];
  /** Also read date and time and report the drift. */
  checkClock: boolean;
}

/**
 * The daily reading: the last daily freeze (time first, so frozen registers carry it), forward and
 * reverse active energy with all tariffs, maximum demand, instantaneous values, event counters and
 * the last power-down record, then the clock.
 */
export const DEFAULT_READING_PLAN: ReadingPlan = {
  dis: [
    '05060001',
    '05060101',
    '05060201',
    '0001FF00',
    '0002FF00',
    '01010000',
    '01020000',
    '0201FF00',
    '0202FF00',
    '0203FF00',
    '0206FF00',
    '02800002',
    '03110000',
    '03300D00',
    '03110001',
  ],
  checkClock: true,
};
