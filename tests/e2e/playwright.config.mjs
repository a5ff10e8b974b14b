// End-to-end tests: the release build in dist/, served on 127.0.0.1, driven
// in Debian's Chromium (no browser is downloaded).
import { defineConfig } from '@playwright/test';

export const PORT = 8090;
/** A second origin, for the page of another site that embeds the widget. */
export const HOST_PORT = 8091;

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.mjs/,
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../target/e2e-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: `node ../serve.mjs ../../dist ${PORT}`,
      url: `http://127.0.0.1:${PORT}/index.html`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node ../serve.mjs ../fixtures/host ${HOST_PORT}`,
      url: `http://127.0.0.1:${HOST_PORT}/host.html`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
