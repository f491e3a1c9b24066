import { randomUUID } from 'node:crypto';
import type { Clock } from '@meterflow/core';
import {
  applyCommandEvent,
  issueCommand,
  nextCommandStep,
  type CommandEvent,
  type CommandPolicy,
  type RemoteCommand,
} from '@meterflow/core/payments/remote-command';
import { ACTIVE_COMMAND_STATUSES, type PrepaidAccount, type StoredCommand, type Store } from '@meterflow/store';
import type { AlarmObservationInput } from '../alarms/alarm-observe.ts';
import type { RelayPort } from './relay-port.ts';

/** Most active commands one round drives. */
export const COMMAND_ROUND_MAX = 200;
/** Commands stepped at once: a meter that never answers must not hold up the others. */
export const COMMAND_CONCURRENCY = 8;

/** Told when a command reached its end: the meter confirmed, or staff were alarmed. */
export type CommandOutcomeListener = (cmd: RemoteCommand, outcome: 'confirmed' | 'alarm') => Promise<void>;

/**
 * Drives remote trip/close commands through their lifecycle (core `nextCommandStep`): send through
 * the gateway, record the meter's answer, retry failures after the policy's backoff, and after the
 * last attempt raise an alarm (services.alarms.observe) and report the outcome to cost control.
 */
export class CommandRunner {
  private running: Promise<number> | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly relay: () => RelayPort | null,
    private readonly policy: CommandPolicy,
    private readonly observe: (o: AlarmObservationInput) => Promise<void>,
    private readonly branchOf: (accountId: string) => Promise<string>,
    private onOutcome: CommandOutcomeListener = async () => undefined,
  ) {}

  setOutcomeListener(l: CommandOutcomeListener): void {
    this.onOutcome = l;
  }

  /** Stores a new command for the account's meter; the next round sends it. */
  async issue(acc: PrepaidAccount, action: 'trip' | 'close'): Promise<RemoteCommand> {
    const cmd = issueCommand(`cmd-${randomUUID()}`, acc.accountId, acc.meterId, action, this.clock.now());
    await this.store.prepaid.commands.insert(cmd, acc.meterAddress, this.clock.now());
    return cmd;
  }

  /** One round over every active command; concurrent calls share the round in progress. */
  runDue(): Promise<number> {
    this.running ??= this.round().finally(() => (this.running = null));
    return this.running;
  }

  private async round(): Promise<number> {
    const active = await this.store.prepaid.commands.list({
      statuses: ACTIVE_COMMAND_STATUSES,
      limit: COMMAND_ROUND_MAX,
    });
    const queue = active.reverse();
    let steps = 0;
    const worker = async () => {
      for (let cmd = queue.shift(); cmd; cmd = queue.shift()) if (await this.step(cmd)) steps++;
    };
    await Promise.all(Array.from({ length: COMMAND_CONCURRENCY }, worker));
    return steps;
  }

  private async step(stored: StoredCommand): Promise<boolean> {
    const known = stored.history.length;
    let cmd: RemoteCommand = stored;
    const apply = (e: CommandEvent) => (cmd = applyCommandEvent(cmd, e, this.clock.now(), this.policy));
    const step = nextCommandStep(cmd, this.clock.now(), this.policy);
    if (step === 'wait' || step === 'done') return false;
    if (step === 'time_out') apply({ type: 'failed', reason: 'no reply before the acknowledgement timeout' });
    if (step === 'retry') apply({ type: 'retry' });
    if (step === 'send' || step === 'retry') {
      apply({ type: 'sent' });
      const relay = this.relay();
      const answer = relay
        ? await relay.send(stored.meterAddress, cmd.action)
        : { ok: false as const, reason: 'no meter gateway configured' };
      apply(answer.ok ? { type: 'confirmed' } : { type: 'failed', reason: answer.reason });
    }
    if (cmd.status === 'failed' && nextCommandStep(cmd, this.clock.now(), this.policy) === 'alarm')
      apply({ type: 'alarm' });
    await this.store.prepaid.commands.save(cmd, known, this.clock.now());
    if (cmd.status === 'confirmed' || cmd.status === 'alarm') await this.finish(cmd);
    else if (cmd.status === 'failed') await this.report(cmd, 'failed', false);
    return true;
  }

  private async finish(cmd: RemoteCommand): Promise<void> {
    await this.report(cmd, cmd.status === 'alarm' ? 'failed' : 'pending', cmd.status === 'confirmed');
    await this.onOutcome(cmd, cmd.status === 'confirmed' ? 'confirmed' : 'alarm');
  }

  /** Tells the alarm sweep where the command stands; a confirmed command resolves its alarm. */
  private async report(cmd: RemoteCommand, status: 'failed' | 'pending', settled: boolean): Promise<void> {
    const lastNote = [...cmd.history].reverse().find((h) => h.note)?.note ?? '';
    await this.observe({
      kind: 'prepaidCommand',
      at: this.clock.now(),
      command: {
        commandId: cmd.id,
        meterId: cmd.meterId,
        accountId: cmd.accountId,
        branchId: await this.branchOf(cmd.accountId),
        command: cmd.action,
        status: lastNote.includes('timeout') || lastNote.includes('no reply') ? 'timedOut' : status,
        attempts: cmd.attempts,
      },
      settled,
    });
  }
}
