// Three open-items exports ("balance âgée") of one company, a month apart,
// as its ERP writes them: the history of exports' test and screenshots
// read them.

export const NAMES = { C01: 'Alpha SA', C02: 'Beta SARL', C03: 'Gamma', C04: 'Delta', C05: 'Epsilon' };
export const LIMITS = { C01: 20000, C02: 5000, C04: 3000 };

// [invoice, customer, issued, due, amount, open]: every line still open (an aged balance).
export const EXPORTS = [
  {
    date: '2026-08-31',
    rows: [
      ['F100', 'C01', '2026-05-15', '2026-06-14', 12000, 12000],
      ['F101', 'C01', '2026-08-01', '2026-08-31', 8000, 8000],
      ['F102', 'C02', '2026-07-10', '2026-08-09', 4000, 4000],
      ['F103', 'C03', '2026-03-20', '2026-04-19', 2500, 2500],
      ['F104', 'C03', '2026-08-20', '2026-09-19', 1500, 1500],
      ['F105', 'C04', '2026-06-30', '2026-07-30', 2000, 1200],
      ['A106', 'C02', '2026-08-31', '2026-08-31', -500, -500],
    ],
  },
  {
    date: '2026-09-30',
    rows: [
      ['F100', 'C01', '2026-05-15', '2026-06-14', 12000, 12000],
      ['F107', 'C01', '2026-09-15', '2026-10-15', 9000, 9000],
      ['F102', 'C02', '2026-07-10', '2026-08-09', 4000, 4000],
      ['A106', 'C02', '2026-08-31', '2026-08-31', -500, -500],
      ['F108', 'C02', '2026-09-05', '2026-10-05', 2500, 2500],
      ['F103', 'C03', '2026-03-20', '2026-04-19', 2500, 1000],
      ['F104', 'C03', '2026-08-20', '2026-09-19', 1500, 1500],
      ['F109', 'C04', '2026-09-30', '2026-10-30', 700, 700],
    ],
  },
  {
    date: '2026-10-31',
    rows: [
      ['F100', 'C01', '2026-05-15', '2026-06-14', 12000, 12000],
      ['F107', 'C01', '2026-09-15', '2026-10-15', 9000, 9000],
      ['F110', 'C01', '2026-10-20', '2026-11-19', 3000, 3000],
      ['F102', 'C02', '2026-07-10', '2026-08-09', 4000, 4000],
      ['F108', 'C02', '2026-09-05', '2026-10-05', 2500, 2500],
      ['F104', 'C03', '2026-08-20', '2026-09-19', 1500, 1500],
      ['F109', 'C04', '2026-09-30', '2026-10-30', 700, 700],
      ['F111', 'C04', '2026-10-01', '2026-10-31', 2800, 2800],
      ['F112', 'C05', '2026-10-31', '2026-11-30', 1800, 1800],
    ],
  },
];

const frDate = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const frMoney = (v) => v.toFixed(2).replace('.', ',');
export const day = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000;

/** The export as its ERP writes it (French Excel CSV). */
export function csv(e) {
  const lines = ['N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC;Reste dû;Limite de crédit'];
  for (const [id, code, issued, due, amount, open] of e.rows) {
    lines.push([id, code, NAMES[code], frDate(issued), frDate(due), frMoney(amount), frMoney(open), LIMITS[code] ?? ''].join(';'));
  }
  return lines.join('\n') + '\n';
}
export const fileName = (e) => `balance-agee-societe-x-${e.date}.csv`;

