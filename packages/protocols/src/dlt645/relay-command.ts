/**
 * The command byte N1 of control function 1C (跳合闸、报警、保电). Values follow DL/T 645-2007 and
 * its 2013 amendment, which added direct close (1C).
 */
export const RELAY_COMMANDS = {
  trip: { code: 0x1a, zh: '跳闸', en: 'trip (open the relay)' },
  'close-allow': { code: 0x1b, zh: '合闸允许', en: 'close allowed (customer presses the button)' },
  'close-direct': { code: 0x1c, zh: '直接合闸', en: 'close directly' },
  alarm: { code: 0x2a, zh: '报警', en: 'alarm on' },
  'alarm-release': { code: 0x2b, zh: '报警解除', en: 'alarm off' },
  'keep-power': { code: 0x3a, zh: '保电', en: 'keep power (trips refused)' },
  'keep-power-release': { code: 0x3b, zh: '保电解除', en: 'keep power released' },
} as const;

export type RelayCommand = keyof typeof RELAY_COMMANDS;

export function relayCommandFromCode(code: number): RelayCommand | undefined {
  return (Object.keys(RELAY_COMMANDS) as RelayCommand[]).find((k) => RELAY_COMMANDS[k].code === code);
}
