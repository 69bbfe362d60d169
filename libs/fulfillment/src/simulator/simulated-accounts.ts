import { createHash } from 'node:crypto';

/** Stable pseudo-random bytes for one destination, so an account always looks the same. */
export function accountSeed(primaryParam: string): Buffer {
  return createHash('sha256').update(`account:${primaryParam}`, 'utf8').digest();
}

const CUSTOMER_NAMES = [
  'BUDI SANTOSO',
  'SRI WAHYUNI',
  'AGUS SETIAWAN',
  'DEWI KARTIKA SARI',
  'HENDRA GUNAWAN',
  'NUR AINI',
  'EKO PRASETYO',
  'FITRI HANDAYANI',
  'I KETUT SUDARSANA',
  'NI PUTU AYU LESTARI',
  'MUHAMMAD RIZKY',
  'RATNA SARI DEWI',
  'DEDI KURNIAWAN',
  'LINA MARLINA',
  'YOHANES SITORUS',
  'ENDANG SURYANI',
  'TEGUH WIBOWO',
  'SITI AMINAH',
  'ANDI SYAHRIR',
  'WAHYU HIDAYAT',
] as const;

/** The account holder of a meter or customer id, in capitals as billers print it. */
export function simulatedCustomerName(primaryParam: string): string {
  return CUSTOMER_NAMES[accountSeed(primaryParam).readUInt16BE(0) % CUSTOMER_NAMES.length];
}

const NICKNAME_HEADS = [
  'Garuda',
  'Naga',
  'Macan',
  'Elang',
  'Rajawali',
  'Pendekar',
  'Satria',
  'Badai',
  'Petir',
  'Bayu',
];
const NICKNAME_TAILS = ['Hitam', 'Sakti', 'Merah', 'Malam', 'Api', 'Emas', 'Gesit', 'Liar', 'Biru', 'Senja'];

/** A game account's in-game name, e.g. `GarudaSakti07`. */
export function simulatedNickname(userId: string): string {
  const seed = accountSeed(userId);
  const head = NICKNAME_HEADS[seed[2] % NICKNAME_HEADS.length];
  const tail = NICKNAME_TAILS[seed[3] % NICKNAME_TAILS.length];
  return `${head}${tail}${userId.slice(-2)}`;
}

/**
 * What the simulator knows of an account (User Validate, docs/dana-protocol.md §3.7), by the last three digits of
 * primaryParam: `…997` inactive, `…998` unknown, and `…990` unknown too, as it is for every other
 * call (the scenario table's invalid destination, see scenarioOf); any other account is active.
 * 997 and 998 are not in the scenario table, so these accounts buy like any successful destination.
 */
export type SimulatedAccountStatus = 'active' | 'inactive' | 'unknown';

const ACCOUNT_STATUS_BY_ENDING: Readonly<Record<string, SimulatedAccountStatus>> = {
  '990': 'unknown',
  '997': 'inactive',
  '998': 'unknown',
};

export function simulatedAccountStatus(primaryParam: string): SimulatedAccountStatus {
  return ACCOUNT_STATUS_BY_ENDING[primaryParam.slice(-3)] ?? 'active';
}
