import type { Command } from 'commander';
import { isAppError, localParts } from '@meterflow/core';
import {
  DEFAULT_CREDENTIALS,
  decodeMessage,
  describeMessage,
  encodeMessage,
  fromHex,
  readRequest,
  relayRequest,
  timeSyncRequest,
  toSpacedHex,
} from '@meterflow/protocols/dlt645/index';
import type { Credentials, Dlt645Message, RelayCommand } from '@meterflow/protocols/dlt645/index';

/** Prints one line and fails the command; frames from the field are often wrong and need a clear word. */
function fail(e: unknown): void {
  const msg = isAppError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  console.error(`error ${msg}`);
  process.exitCode = 1;
}

function run(action: () => string): void {
  try {
    console.log(action());
  } catch (e) {
    fail(e);
  }
}

/** `--password 02123456` = level 02 and password 123456. */
function credentials(opts: { password?: string; operator?: string }): Credentials {
  const p =
    opts.password ?? `${DEFAULT_CREDENTIALS.level.toString(16).padStart(2, '0')}${DEFAULT_CREDENTIALS.password}`;
  if (!/^[0-9A-Fa-f]{8}$/.test(p))
    throw new Error(`--password must be 8 hex digits: level then password, e.g. 02123456`);
  return {
    level: parseInt(p.slice(0, 2), 16),
    password: p.slice(2).toUpperCase(),
    operator: (opts.operator ?? DEFAULT_CREDENTIALS.operator).toUpperCase(),
  };
}

/** An ISO instant (with Z or an offset) becomes the meter's local wall clock in `zone`; without one it is taken as local. */
function meterLocalTime(iso: string, zone: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(iso)) return iso.length === 16 ? `${iso}:00` : iso;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new Error(`--time "${iso}" is not an ISO date-time`);
  const p = localParts(at, zone);
  const d2 = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${d2(p.month)}-${d2(p.day)}T${d2(p.hour)}:${d2(p.minute)}:${d2(p.second)}`;
}

const printFrame = (msg: Dlt645Message, preamble: string | undefined): string =>
  toSpacedHex(encodeMessage(msg, { preamble: preamble === undefined ? 0 : Number(preamble) }));

function registerEncode(dlt: Command): void {
  const encode = dlt.command('encode').description('build a request frame and print it as spaced hex');
  encode
    .command('read')
    .description('11: read one data identifier')
    .requiredOption('--address <address>', 'meter address, 12 digits (shorter is padded with AA)')
    .requiredOption('--di <di>', 'data identifier DI3..DI0, e.g. 00010000')
    .option('--preamble <n>', 'FE wake-up bytes before the frame (0..4)')
    .action((o) => run(() => printFrame(readRequest(o.address, o.di), o.preamble)));
  encode
    .command('time-sync')
    .description('08: broadcast time sync to 999999999999')
    .requiredOption('--time <iso>', 'ISO date-time; with Z or an offset it is converted to --zone')
    .option('--zone <zone>', 'the meters’ local time zone', 'Asia/Shanghai')
    .option('--preamble <n>', 'FE wake-up bytes before the frame (0..4)')
    .action((o) => run(() => printFrame(timeSyncRequest(meterLocalTime(o.time, o.zone)), o.preamble)));
  for (const [name, what] of [
    ['trip', 'open the relay (1A)'],
    ['close', 'allow closing the relay (1B), or close directly with --direct (1C)'],
  ] as const) {
    encode
      .command(name)
      .description(`1C: ${what}`)
      .requiredOption('--address <address>', 'meter address, 12 digits')
      .option('--password <LLPPPPPP>', 'level and password as 8 hex digits', '02000000')
      .option('--operator <CCCCCCCC>', 'operator code as 8 hex digits', '00000000')
      .option('--valid-until <local>', 'local deadline of the command, e.g. 2024-05-02T00:00:00')
      .option('--direct', 'close directly instead of allowing the customer to close')
      .option('--preamble <n>', 'FE wake-up bytes before the frame (0..4)')
      .action((o) =>
        run(() => {
          const command: RelayCommand = name === 'trip' ? 'trip' : o.direct ? 'close-direct' : 'close-allow';
          return printFrame(relayRequest(o.address, command, credentials(o), o.validUntil ?? null), o.preamble);
        }),
      );
  }
}

/** `meterflow dlt645 decode|encode`: paste a frame to read it, or build a request to send. */
export function registerDlt645(program: Command): void {
  const dlt = program.command('dlt645').description('DL/T 645-2007 frames: decode and encode');
  dlt
    .command('decode')
    .description('decode one frame given as hex (spaces allowed, may be split over several arguments)')
    .argument('<hex...>', 'frame bytes in hex, e.g. "68 12 90 78 56 34 12 68 11 04 33 33 34 33 CA 16"')
    .action((hex: string[]) =>
      run(() => JSON.stringify(describeMessage(decodeMessage(fromHex(hex.join(' ')))), null, 2)),
    );
  registerEncode(dlt);
}
