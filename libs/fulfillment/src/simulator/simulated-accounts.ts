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
