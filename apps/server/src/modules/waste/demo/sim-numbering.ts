// The numbering of tools/vehicle-sim's trucks, so the demo's registered trucks are the ones the
// simulator drives: truck i has terminal phone 13900000000 + i (the simulator's default
// --phone-base), plate plateOf(i) and terminal id S + i. A test checks both stay the same.

export const SIM_PHONE_BASE = 13_900_000_000;

/** The simulator's plate of truck `index`: 渝 + A/B/D/G + five base-36 characters. */
export function simPlateOf(index: number): string {
  const letter = 'ABDG'[index % 4]!;
  const serial = Math.floor(index / 4)
    .toString(36)
    .toUpperCase()
    .padStart(5, '0');
  return `渝${letter}${serial}`;
}

export const simTerminalPhoneOf = (index: number) => String(SIM_PHONE_BASE + index);

export const simTerminalIdOf = (index: number) => `S${String(index).padStart(6, '0')}`.slice(-7);
