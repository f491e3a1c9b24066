/**
 * Faults a simulated meter can show: `silent` never answers (dead meter, broken RS-485 pair),
 * `bad-checksum` answers with a corrupted checksum, `error-reply` answers every request with an
 * error reply ("other error").
 */
export type MeterFault = 'none' | 'silent' | 'bad-checksum' | 'error-reply';
