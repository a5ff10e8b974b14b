// What a finance user does with real exports: invoices plus a payments
// file, a FEC, headers no list knows (mapped, then remembered), a status
// column, a file without payment information, the import options. Every
// expected figure is computed here by hand, not read from the app.
import { test, expect } from '@playwright/test';
import { kpi, failOnConsoleErrors, uploadFile } from './helpers.mjs';

test('an invoices file, then a payments file matched by reference', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./');
  await uploadFile(page, 'factures.csv', [
    'N° facture;Client;Date facture;Échéance;Montant TTC',
    'F-001;Alpha;05/01/2026;04/02/2026;1 000,00',
    'F-002;Alpha;10/01/2026;09/02/2026;500,00',
    'F-003;Beta;15/01/2026;14/02/2026;2 000,00',
    'AV-01;Beta;20/01/2026;20/01/2026;-200,00',
  ]);
  // No payment information: said plainly.
  await expect(page.getByTestId('no-payment-info')).toBeVisible();
  await uploadPayments(page, 'banque.csv', [
    'Date de valeur;Référence;Client;Montant',
    '02/02/2026;F-001;Alpha;1 000,00', // exact
    '12/02/2026;f 002;Alpha;200,00', // normalised, partial
    '20/02/2026;F-002;Alpha;300,00', // the rest
    '25/02/2026;F-003;Beta;1 500,00', // partial
    '26/02/2026;X-999;Gamma;80,00', // unmatched: unapplied cash
  ]);
  const summary = page.getByTestId('payments-summary');
  await expect(summary).toHaveAttribute('data-matched', '4');
  await expect(summary).toHaveAttribute('data-unmatched', '1');
  // Per currency (here euros only), never one sum across currencies.
  await expect(page.getByTestId('payments-by-currency').locator('tr[data-currency="EUR"]')).toHaveAttribute('data-unapplied', '80');
  await expect(page.getByTestId('unapplied-table')).toContainText('X-999');
  await page.getByTestId('as-of').fill('2026-02-28');
  // At 02-28: F-001 and F-002 paid, F-003 500 open, the credit note -200,
  // the unapplied cash -80: AR = 500 - 200 - 80 = 220.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(220);
  expect(await kpi(page, 'unapplied_cash')).toBe(-80);
  expect(await kpi(page, 'credit_notes_open')).toBe(-280);
  // Before the partial payment of F-002 (02-12): 1,000 of F-001 paid only.
  await page.getByTestId('as-of').fill('2026-02-11');
  // AR = 500 + 2,000 - 200 = 2,300.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(2300);
  noErrors();
});

test('a FEC: receivables from the 411 accounts, lettering read, AR equals the 411 balance', async ({ page }) => {
  await page.goto('./');
  const h = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
  const line = (j, jl, n, d, acc, aux, auxl, ref, debit, credit, let_ = '') =>
    [j, jl, n, d, acc, 'Clients', aux, auxl, ref, d, 'x', debit, credit, let_, let_ ? d : '', d, '', ''].join('\t');
  const fec = [
    h,
    line('VT', 'Ventes', '1', '20260105', '411000', 'C001', 'Alpha', 'FA1', '1200,00', '0,00', 'AA'),
    line('VT', 'Ventes', '1', '20260105', '706000', '', '', 'FA1', '0,00', '1000,00'),
    line('VT', 'Ventes', '1', '20260105', '445710', '', '', 'FA1', '0,00', '200,00'),
    line('VT', 'Ventes', '2', '20260110', '411000', 'C002', 'Beta', 'FA2', '600,00', '0,00'),
    line('VT', 'Ventes', '2', '20260110', '706000', '', '', 'FA2', '0,00', '600,00'),
    line('BQ', 'Banque', '3', '20260201', '411000', 'C001', 'Alpha', 'RG1', '0,00', '1200,00', 'AA'),
    line('BQ', 'Banque', '3', '20260201', '512000', '', '', 'RG1', '1200,00', '0,00'),
    line('BQ', 'Banque', '4', '20260205', '411000', 'C002', 'Beta', 'RG2', '0,00', '100,00'),
    line('BQ', 'Banque', '4', '20260205', '512000', '', '', 'RG2', '100,00', '0,00'),
  ].join('\r\n');
  await uploadFile(page, 'FEC20260228.txt', fec, 'text/plain');
  const summary = page.getByTestId('fec-summary');
  await expect(summary).toBeVisible();
  // 411 balance: debits 1,800 - credits 1,300 = 500.
  await expect(summary).toHaveAttribute('data-balance', '500');
  await page.getByTestId('as-of').fill('2026-02-05');
  // FA1 settled by its lettering; FA2 600 open; RG2 100 unlettered: 500.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(500);
  // 30 days by default: FA2 due 02-09, not yet due on 02-05.
  expect(await kpi(page, 'ar_overdue')).toBe(0);
  await expect(page.getByTestId('terms-used')).toContainText('30 jours');
  // 45 days end of month moves nothing past due; 20 days makes FA2 late.
  await page.getByTestId('import-options').locator('summary').click();
  await page.getByTestId('opt-terms').selectOption('custom');
  await page.getByTestId('opt-terms-days').fill('20');
  await page.getByTestId('opt-terms-days').press('Enter');
  await page.getByTestId('opt-terms-days').blur();
  await expect(page.getByTestId('terms-used')).toContainText('20 jours');
  await page.getByTestId('as-of').fill('2026-02-05');
  // FA2 due 01-30: 600 overdue; RG2 (unapplied, dated 02-05) is not.
  await expect.poll(() => kpi(page, 'ar_overdue')).toBe(600);
});

test('a FEC bigger than a slice is read in slices: a whole year of entries, the 411 lines kept', async ({ page }) => {
  await page.goto('./');
  const h = 'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';
  const line = (n, d, acc, aux, ref, debit, credit) =>
    ['VT', 'Ventes', String(n), d, acc, 'Compte', aux, aux, ref, d, 'x', debit, credit, '', '', d, '', ''].join('\t');
  // 120,000 entries (about 11 MB: three slices); one in a thousand is a
  // customer invoice of 12.34 on its 411 account.
  const lines = [h];
  let invoices = 0;
  for (let n = 1; n <= 120_000; n++) {
    const d = `2026${String(1 + (n % 12)).padStart(2, '0')}15`;
    if (n % 1000 === 0) {
      lines.push(line(n, d, '411000', `C${n % 7}`, `F${n}`, '12,34', '0,00'));
      invoices++;
    } else {
      lines.push(line(n, d, '601000', '', `A${n}`, '3,00', '0,00'));
    }
  }
  await uploadFile(page, 'FEC2026.txt', lines.join('\n'), 'text/plain');
  const summary = page.getByTestId('fec-summary');
  await expect(summary).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invoices', String(invoices));
  // 120 invoices of 12.34: the 411 balance, in cents.
  await expect(summary).toHaveAttribute('data-balance', String((invoices * 1234) / 100));
  await page.getByTestId('as-of').fill('2026-12-31');
  await expect.poll(() => kpi(page, 'ar_total')).toBe((invoices * 1234) / 100);
});

test('headers no list knows: mapped on the mapping screen, then remembered', async ({ page }) => {
  await page.goto('./');
  const csv = [
    'Kd;Beleg;Belegdatum;Faelligkeit;Wert;Ausgleich',
    'K1;B1;03.01.2026;02.02.2026;100,00;10.02.2026',
    'K2;B2;04.01.2026;03.02.2026;50,00;',
  ];
  await uploadFile(page, 'export.csv', csv);
  const screen = page.getByTestId('mapping-screen');
  await expect(screen).toBeVisible();
  await expect(page.getByTestId('import-error')).toContainText('Colonnes obligatoires non reconnues');
  await expect(page.getByTestId('mapping-apply')).toBeDisabled();
  await page.getByTestId('mapping-role-0').selectOption('CustomerId');
  await page.getByTestId('mapping-role-1').selectOption('InvoiceId');
  await page.getByTestId('mapping-role-2').selectOption('InvoiceDate');
  await page.getByTestId('mapping-role-3').selectOption('DueDate');
  await page.getByTestId('mapping-role-4').selectOption('Amount');
  await page.getByTestId('mapping-role-5').selectOption('SettledDate');
  await page.getByTestId('mapping-apply').click();
  await expect(screen).toHaveCount(0);
  await page.getByTestId('as-of').fill('2026-02-05');
  // B1 open until 02-10, B2 open: 150.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(150);
  await page.getByTestId('as-of').fill('2026-02-10');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(50);
  // Opened again later: the choice is remembered for this header layout.
  await page.reload();
  await uploadFile(page, 'export-mars.csv', csv);
  await expect(page.getByTestId('mapping-remembered')).toBeVisible();
  await expect(page.getByTestId('mapping-screen')).toHaveCount(0);
  await page.getByTestId('as-of').fill('2026-02-10');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(50);
});

test('a status column: supplier bills, drafts and voided lines are left out and counted', async ({ page }) => {
  await page.goto('./');
  await uploadFile(page, 'pieces.csv', [
    'Pièce;Type de pièce;Client;Date;Échéance;Montant TTC;Date de règlement',
    'F1;Facture;Alpha;01/03/2026;31/03/2026;1 000,00;',
    'F2;Facture fournisseur;Alpha;02/03/2026;01/04/2026;5 000,00;',
    'F3;Brouillon;Beta;03/03/2026;02/04/2026;700,00;',
    'F4;Annulée;Beta;04/03/2026;03/04/2026;300,00;',
    'A1;Avoir;Beta;05/03/2026;05/03/2026;100,00;',
    'F5;Facture;Beta;06/03/2026;05/04/2026;400,00;20/03/2026',
  ]);
  await expect(page.getByTestId('excluded-lines')).toHaveAttribute('data-lines', '3');
  await expect(page.getByTestId('excluded-lines')).toContainText('Facture fournisseur');
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invoices', '3');
  await page.getByTestId('as-of').fill('2026-03-31');
  // F1 1,000 open, the credit note -100 (a positive amount typed "Avoir"), F5 paid: 900.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(900);
  expect(await kpi(page, 'sales')).toBe(1300);
});

test('payment lines: cleared ones left out, those no invoice took counted as unapplied cash', async ({ page }) => {
  await page.goto('./');
  await uploadFile(page, 'grand-livre-client.csv', [
    'Pièce;Type;Client;Date;Échéance;Montant;Date de lettrage',
    'F1;Facture;Alpha;01/03/2026;31/03/2026;1 000,00;20/03/2026',
    'R1;Règlement;Alpha;20/03/2026;;-1 000,00;20/03/2026',
    'F2;Facture;Beta;02/03/2026;01/04/2026;600,00;',
    'R2;Paiement;Beta;25/03/2026;;250,00;',
  ]);
  await expect(page.getByTestId('unapplied-cash')).toHaveAttribute('data-lines', '1');
  await expect(page.getByTestId('unapplied-cash')).toContainText('encaissements non affectés');
  await expect(page.getByTestId('excluded-lines')).toHaveAttribute('data-lines', '1');
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invoices', '2');
  await page.getByTestId('as-of').fill('2026-03-31');
  // F2 open 600, less the 250 received on Beta's account; sales are the two invoices.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(350);
  expect(await kpi(page, 'sales')).toBe(1600);
});

test('no payment information: said, and the mapping screen is offered', async ({ page }) => {
  await page.goto('./?lang=en');
  await uploadFile(page, 'open-items.csv', [
    'Customer;Invoice;Invoice date;Amount;Comment',
    'A;1;2026-03-01;100.00;x',
    'B;2;2026-03-02;250.50;y',
  ]);
  await expect(page.getByTestId('no-payment-info')).toContainText('every invoice is taken as unpaid');
  await expect(page.getByTestId('terms-used')).toContainText('30 days');
  await page.getByTestId('no-payment-info').getByTestId('open-mapping').click();
  await expect(page.getByTestId('mapping-screen')).toBeVisible();
  await expect(page.getByTestId('mapping-role-0')).toHaveValue('CustomerId');
  await expect(page.getByTestId('mapping-role-4')).toHaveValue('');
  await page.getByTestId('mapping-cancel').click();
  await expect(page.getByTestId('mapping-screen')).toHaveCount(0);
  expect(await kpi(page, 'ar_total')).toBe(350.5);
  // The user says the amounts are dollars.
  await page.getByTestId('import-options').locator('summary').click();
  await page.getByTestId('opt-currency').selectOption('USD');
  await expect(page.locator('[data-kpi="ar_total"]')).toHaveText(/\$/);
  // A preference: kept for the next visit.
  await page.reload();
  await expect(page.getByTestId('opt-currency')).toHaveValue('USD');
});

async function uploadPayments(page, name, lines) {
  await page.getByTestId('payments-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
}

test('the sample FEC, in ISO 8859-15 as accounting software writes it', async ({ page }) => {
  const { readFileSync } = await import('node:fs');
  // A euro sign in a label, as such files have: byte 0xA4 in ISO 8859-15.
  const text = readFileSync(new URL('../fixtures/fec-sample.txt', import.meta.url), 'utf8')
    .replace('Reprise des soldes', 'Reprise des soldes en €');
  const latin9 = { '€': 0xa4, 'Œ': 0xbc, 'œ': 0xbd };
  const bytes = Buffer.from([...text].map((c) => latin9[c] ?? c.charCodeAt(0)));
  await page.goto('./');
  await uploadFile(page, 'FEC2025.txt', bytes, 'text/plain');
  // Hand figures (see the fixture's test in fec.rs): 411 balance on 2025-03-18 is
  // debits 10,680.00 - credits 8,410.00 = 2,270.00, and AR equals it.
  await expect(page.getByTestId('fec-summary')).toHaveAttribute('data-balance', '2270');
  await page.getByTestId('as-of').fill('2025-03-18');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(2270);
  await expect(page.getByTestId('aged-balance')).toContainText('Lefèvre & Fils');
  await expect(page.getByTestId('import-summary')).toContainText('ISO-8859-15');
});
