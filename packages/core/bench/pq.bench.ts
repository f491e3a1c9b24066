// Power-quality pipeline speed on one core: 60 s of three-phase voltage and current at 10.24 kHz
// with dips and harmonics, through the whole of analysePowerQuality (Urms(1/2), events, harmonics
// with groups to the 50th, unbalance, frequency, aggregation, compliance). Prints one JSON line, then
// a table. Run it pinned: `taskset -c 1 node scripts/bench.mjs pq`.
// Each run is timed by the wall clock and by this process's CPU time (node:process), because wall
// time on a shared 2-core machine mostly measures the neighbours; the load average and the cores the
// process may run on are printed with the figures. This is tooling, not domain code, so the core
// rule against `process` and files does not apply.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { cpuUsage } from 'node:process';
import { analysePowerQuality } from '../src/monitoring/pq/analyse-power-quality.ts';
import { halfCycleRms } from '../src/monitoring/pq/half-cycle-rms.ts';
import { HarmonicAnalyser } from '../src/monitoring/pq/harmonic-analyser.ts';
import { RealFftPlan } from '../src/monitoring/pq/real-fft-plan.ts';
import { detectVoltageEvents, DEFAULT_EVENT_THRESHOLDS_PCT } from '../src/monitoring/pq/voltage-events.ts';
import { analyseWindows } from '../src/monitoring/pq/window-series.ts';

const SAMPLE_RATE_HZ = 10240;
const NOMINAL_HZ = 50;
const SIGNAL_S = 60;
const RUNS = 11;
const FFT_REPEATS = 20;
const UDIN_V = 230;

function channel(k: number, current: boolean): Float64Array {
  const shift = (-2 * Math.PI * k) / 3;
  const n = SIGNAL_S * SAMPLE_RATE_HZ;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / SAMPLE_RATE_HZ;
    const w = 2 * Math.PI * NOMINAL_HZ * t + shift;
    // A dip on phase a every 10 s lasting 100 ms, a 3 % 5th and 2 % 7th harmonic; currents carry 20 % 5th.
    const dip = !current && k === 0 && t % 10 >= 5 && t % 10 < 5.1 ? 0.5 : 1;
    const h = current ? 0.2 * Math.sin(5 * (w - 0.5)) : 0.03 * Math.sin(5 * w) + 0.02 * Math.sin(7 * w);
    out[i] = (current ? 100 : UDIN_V) * Math.SQRT2 * (dip * Math.sin(current ? w - 0.5 : w) + h);
  }
  return out;
}

const voltages = [0, 1, 2].map((k) => ({ name: `v${'abc'[k]}`, samples: channel(k, false) }));
const currents = [0, 1, 2].map((k) => ({ name: `i${'abc'[k]}`, samples: channel(k, true) }));
const input = { sampleRateHz: SAMPLE_RATE_HZ, nominalHz: NOMINAL_HZ, declaredVoltageV: UDIN_V, voltages, currents };

/** Wall and CPU seconds of one call. */
function time(fn: () => unknown): { wall: number; cpu: number } {
  const c0 = cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = (performance.now() - t0) / 1000;
  const c = cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The cores this process may run on (Linux), so a reader can tell whether it was pinned. */
function allowedCpus(): string | null {
  try {
    return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

const fftPlan = new RealFftPlan(2048);
const fftRe = new Float64Array(510);
const fftIm = new Float64Array(510);
/** One 2,048-point real FFT to bin 509 over every window of one channel, repeated. */
function fftPass(): void {
  const x = voltages[0].samples;
  for (let r = 0; r < FFT_REPEATS; r++)
    for (let off = 0; off + 2048 <= x.length; off += 2048) fftPlan.forward(x, off, fftRe, fftIm, 510);
}

const load0 = loadavg()[0];
time(() => analysePowerQuality(input)); // warm-up: JIT and FFT plan
time(fftPass);
const full: { wall: number; cpu: number }[] = [];
const rms: { wall: number; cpu: number }[] = [];
const harm: { wall: number; cpu: number }[] = [];
const fft: { wall: number; cpu: number }[] = [];
let events = 0;
for (let r = 0; r < RUNS; r++) {
  full.push(time(() => (events = analysePowerQuality(input).events.length)));
  rms.push(
    time(() => {
      const series = voltages.map((c) => halfCycleRms(c.samples, SAMPLE_RATE_HZ, NOMINAL_HZ));
      detectVoltageEvents(series, ['va', 'vb', 'vc'], { ...DEFAULT_EVENT_THRESHOLDS_PCT, declaredVoltageV: UDIN_V });
    }),
  );
  harm.push(time(() => analyseWindows(new HarmonicAnalyser(SAMPLE_RATE_HZ, NOMINAL_HZ), voltages, currents)));
  fft.push(time(fftPass));
}
const windowsPerChannel = Math.floor((SIGNAL_S * SAMPLE_RATE_HZ) / 2048);
const windows = windowsPerChannel * 6;
const wallS = median(full.map((t) => t.wall));
const cpuS = median(full.map((t) => t.cpu));
const usPerFft = (s: number): number => Number(((s / (FFT_REPEATS * windowsPerChannel)) * 1e6).toFixed(2));
const result = {
  name: 'pq',
  realtime_factor: Math.round(SIGNAL_S / wallS),
  realtime_factor_cpu: Math.round(SIGNAL_S / cpuS),
  realtime_factor_best_wall: Math.round(SIGNAL_S / Math.min(...full.map((t) => t.wall))),
  signal_s: SIGNAL_S,
  channels: 6,
  sample_rate_hz: SAMPLE_RATE_HZ,
  pipeline_wall_s: Number(wallS.toFixed(4)),
  pipeline_cpu_s: Number(cpuS.toFixed(4)),
  half_cycle_rms_and_events_cpu_s: Number(median(rms.map((t) => t.cpu)).toFixed(4)),
  harmonic_windows_cpu_s: Number(median(harm.map((t) => t.cpu)).toFixed(4)),
  windows,
  fft_us_per_window_cpu: usPerFft(median(fft.map((t) => t.cpu))),
  fft_us_per_window_wall: usPerFft(median(fft.map((t) => t.wall))),
  events_found: events,
  runs: RUNS,
  cpus_allowed: allowedCpus(),
  load_average_1m: [Number(load0.toFixed(2)), Number(loadavg()[0].toFixed(2))],
};
console.log(JSON.stringify(result));
console.log(`
| stage (median of ${RUNS} runs)                      | wall s | CPU s |
|----------------------------------------------|--------|-------|
| full pipeline (${SIGNAL_S} s, 6 channels)             | ${result.pipeline_wall_s} | ${result.pipeline_cpu_s} |
| Urms(1/2) 3 voltages + events                | ${median(rms.map((t) => t.wall)).toFixed(4)} | ${result.half_cycle_rms_and_events_cpu_s} |
| harmonics to the 50th, ${windows} windows       | ${median(harm.map((t) => t.wall)).toFixed(4)} | ${result.harmonic_windows_cpu_s} |
| one 2,048-point real FFT (µs)                | ${result.fft_us_per_window_wall} | ${result.fft_us_per_window_cpu} |

real-time factor: ${result.realtime_factor}× wall (median), ${result.realtime_factor_cpu}× CPU time (median), ${result.realtime_factor_best_wall}× best wall run
cores allowed: ${result.cpus_allowed ?? 'unknown'}; load average (1 min) before/after: ${result.load_average_1m.join(' / ')}`);
