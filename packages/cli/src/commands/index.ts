import type { Command } from 'commander';

/** Every command module exports one function that adds its command(s) to the program. */
export type RegisterCommand = (program: Command) => void;

// One line per command module; keep the list sorted.
export const commands: RegisterCommand[] = [];
