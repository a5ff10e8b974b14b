// The public IBM receivables file, read here independently of the app:
// its invoices, and the figures kpi.md gives for them (amounts in integer
// cents), shared by the specs that check the app against it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE = fileURLToPath(new URL('../fixtures/ibm-accounts-receivable.csv', import.meta.url));
export const DAY = 86_400_000;

/** m/d/yyyy -> UTC day number. */
export function usDay(s) {
  const [m, d, y] = s.trim().split('/').map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
}

export function readIbm() {
  const [header, ...lines] = readFileSync(FIXTURE, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const cols = header.split(',');
  const ix = (name) => cols.indexOf(name);
  return lines.map((l) => {
    const c = l.split(',');
    return {
      customer: c[ix('customerID')],
      issued: usDay(c[ix('InvoiceDate')]),
      due: usDay(c[ix('DueDate')]),
      settled: usDay(c[ix('SettledDate')]),
      cents: Math.round(Number(c[ix('InvoiceAmount')]) * 100),
      disputed: c[ix('Disputed')] === 'Yes',
    };
  });
}

/** The expected figures at day t over n days, from kpi.md. */
export function expected(invoices, t, n) {
  const openAt = (inv, day) => (inv.issued <= day && inv.settled > day ? inv.cents : 0);
  const sum = (f) => invoices.reduce((a, inv) => a + f(inv), 0);
  const ar = sum((i) => openAt(i, t));
  const sales = sum((i) => (i.issued > t - n && i.issued <= t ? i.cents : 0));
  const overdue = sum((i) => (t - i.due > 0 ? openAt(i, t) : 0));
  const current = ar - overdue;
  const disputed = sum((i) => (i.disputed ? openAt(i, t) : 0));
  const arBefore = sum((i) => openAt(i, t - n));
  const buckets = [0, 0, 0, 0, 0];
  for (const i of invoices) {
    const open = openAt(i, t);
    if (!open) continue;
    const dpd = t - i.due;
    const b = dpd <= 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : dpd <= 90 ? 3 : 4;
    buckets[b] += open;
  }
  // Countback: month of t from its 1st, then whole months back.
  const date = new Date(t * DAY);
  let remaining = ar;
  let days = 0;
  for (let k = 0; k < 24; k++) {
    const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - k, 1) / DAY;
    const end = k === 0 ? t : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - k + 1, 1) / DAY - 1;
    const monthDays = end - start + 1;
    const s = sum((i) => (i.issued >= start && i.issued <= end ? i.cents : 0));
    // AR used up: the countback stops (kpi.md), a month without sales included.
    if (remaining <= 0) break;
    if (s <= 0) days += monthDays;
    else if (remaining >= s) { days += monthDays; remaining -= s; }
    else { days += (remaining / s) * monthDays; remaining = 0; break; }
  }
  // Collection and payment behaviour over (t - n, t].
  const settledIn = invoices.filter((i) => i.settled > t - n && i.settled <= t && i.issued <= t);
  const paid = settledIn.reduce((a, i) => a + i.cents, 0);
  const positive = settledIn.filter((i) => i.cents > 0);
  const weight = positive.reduce((a, i) => a + i.cents, 0);
  const adp = positive.reduce((a, i) => a + i.cents * (i.settled - i.issued), 0) / weight;
  const late = positive.reduce((a, i) => a + i.cents * Math.max(0, i.settled - i.due), 0) / weight;
  const onTime = (positive.filter((i) => i.settled <= i.due).length / positive.length) * 100;
  // At risk (no credit limits in this file): over 90 days past due, or disputed.
  const atRisk = sum((i) => (t - i.due > 90 || i.disputed ? openAt(i, t) : 0));
  // Provisions: 0% up to 90 days past due, 25% to 180, 50% to 270, 75% to 360, then 100%.
  const rate = (dpd) => (dpd <= 90 ? 0 : dpd <= 180 ? 25 : dpd <= 270 ? 50 : dpd <= 360 ? 75 : 100);
  const provision = sum((i) => (openAt(i, t) * rate(t - i.due)) / 100);
  const overdueOpen = invoices.filter((i) => openAt(i, t) > 0 && t - i.due > 0);
  const weightedDpd = overdueOpen.reduce((a, i) => a + i.cents * (t - i.due), 0) / overdueOpen.reduce((a, i) => a + i.cents, 0);
  return {
    ar, sales, overdue, current, disputed, buckets, paid, adp, late, onTime, atRisk, provision, weightedDpd,
    openInvoices: invoices.filter((i) => openAt(i, t) !== 0).length,
    collectionRate: (paid / (arBefore + sales)) * 100,
    dso: (ar / sales) * n,
    bpdso: (current / sales) * n,
    ddso: (overdue / sales) * n,
    countback: days,
    cei: ((arBefore + sales - ar) / (arBefore + sales - current)) * 100,
  };
}

