/**
 * How every Playwright run here launches a browser: Debian's Chromium (Playwright's own browser
 * download cannot reach its host on these machines), headless, without a sandbox or background
 * services. Used by both Playwright configs and the benchmarks.
 */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
