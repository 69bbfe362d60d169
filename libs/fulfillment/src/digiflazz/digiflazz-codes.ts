/**
 * Digiflazz's response codes (`rc`) and what each one makes of a purchase, as kios reads them.
 *
 * Source: Digiflazz's buyer API documentation, "Response Code"
 * (https://developer.digiflazz.com/api/buyer/response-code), which gives for every rc its message,
 * its status (Sukses / Pending / Gagal) and whether a transaction is formed ("Terbentuk Transaksi").
 * kios follows that page except where the page's "Gagal" does not tell the transaction's fate:
 * - 01 (Timeout) and 70 (Timeout Dari Biller): the seller or biller did not answer in time; a
 *   timeout is no answer, so in_doubt, never failed (a later status check tells)
 * - 49 (Ref ID tidak unik): a transaction with that ref_id already exists; this answer says
 *   nothing of its outcome, so in_doubt (a status check tells)
 * - 83, 85, 86 (rate limits): the call was turned away, not carried out; in_doubt, ask again later
 * - 99 (DF Router Issue): the page itself says Pending
 * An rc not in this table is in_doubt (see outcomeOfRc). docs/digiflazz.md has the same table.
 */

export type RcOutcome = 'succeeded' | 'failed' | 'pending' | 'in_doubt';

export type RcEntry = {
  /** Digiflazz's message for the code (Indonesian, as the page has it). */
  message: string;
  outcome: RcOutcome;
  /**
   * Whether Digiflazz forms a transaction under the ref_id with this answer ("Terbentuk Transaksi").
   * A refusal that forms none says nothing about a transaction sent earlier under the same ref_id:
   * see outcomeOfRc.
   */
  formsTransaction: boolean;
};

const entry = (message: string, outcome: RcOutcome, formsTransaction: boolean): RcEntry => ({
  message,
  outcome,
  formsTransaction,
});

export const DIGIFLAZZ_RESPONSE_CODES: Readonly<Record<string, RcEntry>> = {
  '00': entry('Transaksi Sukses', 'succeeded', true),
  '01': entry('Timeout', 'in_doubt', true),
  '02': entry('Transaksi Gagal', 'failed', true),
  '03': entry('Transaksi Pending', 'pending', true),
  '40': entry('Payload Error', 'failed', false),
  '41': entry('Signature tidak valid', 'failed', false),
  '42': entry('Gagal memproses API Buyer', 'failed', false),
  '43': entry('SKU tidak di temukan atau Non-Aktif', 'failed', false),
  '44': entry('Saldo tidak cukup', 'failed', false),
  '45': entry('IP Anda tidak kami kenali', 'failed', false),
  '47': entry('Transaksi sudah terjadi di buyer lain', 'failed', false),
  '49': entry('Ref ID tidak unik', 'in_doubt', false),
  '50': entry('Transaksi Tidak Ditemukan', 'failed', true),
  '51': entry('Nomor Tujuan Diblokir', 'failed', true),
  '52': entry('Prefix Tidak Sesuai Dengan Operator', 'failed', true),
  '53': entry('Produk Seller Sedang Tidak Tersedia', 'failed', true),
  '54': entry('Nomor Tujuan Salah', 'failed', true),
  '55': entry('Produk Sedang Gangguan', 'failed', true),
  '56': entry('Limit saldo seller', 'failed', false),
  '57': entry('Jumlah Digit Kurang Atau Lebih', 'failed', true),
  '58': entry('Sedang Cut Off', 'failed', true),
  '59': entry('Tujuan di Luar Wilayah/Cluster', 'failed', true),
  '60': entry('Tagihan belum tersedia', 'failed', true),
  '61': entry('Belum pernah melakukan deposit', 'failed', false),
  '62': entry('Seller sedang mengalami gangguan', 'failed', false),
  '63': entry('Tidak support transaksi multi', 'failed', false),
  '64': entry('Tarik tiket gagal, coba nominal lain atau hubungi admin', 'failed', false),
  '65': entry('Limit transaksi multi', 'failed', false),
  '66': entry('Cut Off (Perbaikan Sistem Seller)', 'failed', false),
  '67': entry('Seller belum ter-verfikasi', 'failed', false),
  '68': entry('Stok habis', 'failed', false),
  '69': entry('Harga seller lebih besar dari ketentuan harga buyer', 'failed', false),
  '70': entry('Timeout Dari Biller', 'in_doubt', true),
  '71': entry('Produk Sedang Tidak Stabil', 'failed', true),
  '72': entry('Lakukan Unreg Paket Dahulu', 'failed', true),
  '73': entry('Kwh Melebihi Batas', 'failed', true),
  '74': entry('Transaksi Refund', 'failed', true),
  '80': entry('Akun Anda telah diblokir oleh Seller', 'failed', false),
  '81': entry('Seller ini telah diblokir oleh Anda', 'failed', false),
  '82': entry('Akun Anda belum ter-verfikasi', 'failed', false),
  '83': entry('Limitasi pengecekan pricelist tercapai', 'in_doubt', false),
  '84': entry('Nominal tidak valid', 'failed', true),
  '85': entry('Limitasi transaksi tercapai', 'in_doubt', true),
  '86': entry('Limitasi pengecekan nomor PLN tercapai', 'in_doubt', true),
  '87': entry('Transaksi E-money wajib kelipatan Rp 1.000', 'failed', false),
  '88': entry('Akun Anda tidak dapat melakukan aksi ini', 'failed', false),
  '99': entry('DF Router Issue', 'pending', true),
};

/** The rc of "Transaksi Tidak Ditemukan": to a status check (`status-pasca`), the ref_id is unknown. */
export const RC_TRANSACTION_NOT_FOUND = '50';
/** Price-list checks too frequent (at most one full list per 5 minutes). */
export const RC_PRICE_LIST_LIMIT = '83';

/**
 * What kind of call an answer is to:
 * - first: the first call this adapter sends under the ref_id
 * - repeat: the ref_id was sent before (a repeated purchase, or a status check, which for prepaid
 *   products is the same topup again)
 */
export type CallKind = 'first' | 'repeat';

export type RcVerdict =
  { outcome: RcOutcome; known: true; entry: RcEntry } | { outcome: 'in_doubt'; known: false };

/**
 * The outcome an rc gives a purchase. An rc the table does not hold is in_doubt. A refusal that
 * forms no transaction (40–47, 56, 61–69, 80–82, 87, 88) is a failure only for the first call under
 * a ref_id: answered to a repeat, it refuses that repeated call (a key or IP allow-list changed, the
 * deposit ran low) and tells nothing of the transaction the first call may have made, so in_doubt.
 */
export function outcomeOfRc(rc: string, call: CallKind): RcVerdict {
  const known = Object.prototype.hasOwnProperty.call(DIGIFLAZZ_RESPONSE_CODES, rc)
    ? DIGIFLAZZ_RESPONSE_CODES[rc]
    : undefined;
  if (known === undefined) return { outcome: 'in_doubt', known: false };
  if (known.outcome === 'failed' && !known.formsTransaction && call === 'repeat') {
    return { outcome: 'in_doubt', known: true, entry: known };
  }
  return { outcome: known.outcome, known: true, entry: known };
}

/** Digiflazz's `status` word; some hosts answer in English (Success / Processing / Failed). */
export type DigiflazzStatusWord = 'success' | 'pending' | 'failed';

const STATUS_WORDS: Readonly<Record<string, DigiflazzStatusWord>> = {
  sukses: 'success',
  success: 'success',
  pending: 'pending',
  processing: 'pending',
  proses: 'pending',
  gagal: 'failed',
  failed: 'failed',
};

export function statusWordOf(status: unknown): DigiflazzStatusWord | undefined {
  if (typeof status !== 'string') return undefined;
  const word = status.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(STATUS_WORDS, word) ? STATUS_WORDS[word] : undefined;
}
