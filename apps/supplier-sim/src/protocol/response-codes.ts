/**
 * Digiflazz's buyer response codes (`rc`), as far as supplier-sim plays them.
 *
 * Source: Digiflazz's buyer documentation, "Response Code" (developer.digiflazz.com/api/buyer/response-code),
 * read through the `search` tool as a page excerpt up to rc 62 and, for 62–88, a Markdown transcript of the
 * same table kept in a public integration repository. Columns used here: the message, the status and
 * "Terbentuk Transaksi" (whether a transaction exists under the ref_id afterwards: a repeat of that ref_id
 * answers it, where a refusal that forms none leaves the ref_id free).
 */
export type TransactionStatus = 'Sukses' | 'Pending' | 'Gagal';

export interface ResponseCode {
  message: string;
  status: TransactionStatus;
  /** "Terbentuk Transaksi": a transaction is recorded under the ref_id. */
  formsTransaction: boolean;
}

export const RESPONSE_CODES = {
  '00': { message: 'Transaksi Sukses', status: 'Sukses', formsTransaction: true },
  '01': { message: 'Timeout', status: 'Gagal', formsTransaction: true },
  '02': { message: 'Transaksi Gagal', status: 'Gagal', formsTransaction: true },
  '03': { message: 'Transaksi Pending', status: 'Pending', formsTransaction: true },
  '40': { message: 'Payload Error', status: 'Gagal', formsTransaction: false },
  '41': { message: 'Signature tidak valid', status: 'Gagal', formsTransaction: false },
  '42': { message: 'Gagal memproses API Buyer', status: 'Gagal', formsTransaction: false },
  '43': { message: 'SKU tidak di temukan atau Non-Aktif', status: 'Gagal', formsTransaction: false },
  '44': { message: 'Saldo tidak cukup', status: 'Gagal', formsTransaction: false },
  '45': { message: 'IP Anda tidak kami kenali', status: 'Gagal', formsTransaction: false },
  '47': { message: 'Transaksi sudah terjadi di buyer lain', status: 'Gagal', formsTransaction: false },
  '49': { message: 'Ref ID tidak unik', status: 'Gagal', formsTransaction: false },
  // The table says "Ya" for 50; here it only answers a status check of a ref_id that has no transaction.
  '50': { message: 'Transaksi Tidak Ditemukan', status: 'Gagal', formsTransaction: false },
  '51': { message: 'Nomor Tujuan Diblokir', status: 'Gagal', formsTransaction: true },
  '52': { message: 'Prefix Tidak Sesuai Dengan Operator', status: 'Gagal', formsTransaction: true },
  '53': { message: 'Produk Seller Sedang Tidak Tersedia', status: 'Gagal', formsTransaction: true },
  '54': { message: 'Nomor Tujuan Salah', status: 'Gagal', formsTransaction: true },
  '55': { message: 'Produk Sedang Gangguan', status: 'Gagal', formsTransaction: true },
  '57': { message: 'Jumlah Digit Kurang Atau Lebih', status: 'Gagal', formsTransaction: true },
  '58': { message: 'Sedang Cut Off', status: 'Gagal', formsTransaction: true },
  '60': { message: 'Tagihan belum tersedia', status: 'Gagal', formsTransaction: true },
  '62': { message: 'Seller sedang mengalami gangguan', status: 'Gagal', formsTransaction: false },
  '66': { message: 'Cut Off (Perbaikan Sistem Seller)', status: 'Gagal', formsTransaction: false },
  '68': { message: 'Stok habis', status: 'Gagal', formsTransaction: false },
  '69': {
    message: 'Harga seller lebih besar dari ketentuan harga Buyer',
    status: 'Gagal',
    formsTransaction: false,
  },
  '70': { message: 'Timeout Dari Biller', status: 'Gagal', formsTransaction: true },
  '71': { message: 'Produk Sedang Tidak Stabil', status: 'Gagal', formsTransaction: true },
  '74': { message: 'Transaksi Refund', status: 'Gagal', formsTransaction: true },
  '83': { message: 'Limitasi pengecekan pricelist tercapai', status: 'Gagal', formsTransaction: false },
  '84': { message: 'Nominal tidak valid', status: 'Gagal', formsTransaction: true },
  '85': { message: 'Limitasi transaksi tercapai', status: 'Gagal', formsTransaction: true },
  '86': { message: 'Limitasi pengecekan nomor PLN tercapai', status: 'Gagal', formsTransaction: true },
  '99': { message: 'DF Router Issue', status: 'Pending', formsTransaction: true },
} as const satisfies Record<string, ResponseCode>;

export type Rc = keyof typeof RESPONSE_CODES;

export const isRc = (value: unknown): value is Rc => typeof value === 'string' && value in RESPONSE_CODES;

export function responseCode(rc: Rc): ResponseCode {
  return RESPONSE_CODES[rc];
}
