// Lighthouse's SEO category on each address given, one Chromium for all of them.
//
//   node seo.mjs URL...   prints one JSON line per address:
//   {"url", "score", "failing": [{"id", "title", "items": [...]}], "error"}
//   (LH_LOG=info or verbose shows what Lighthouse does.)
//
// Debian's Chromium (CHROME_PATH, default /usr/bin/chromium), headless, with the
// flags the browser tests use.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
let status = 0;
try {
  for (const url of process.argv.slice(2)) {
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: "json",
        logLevel: process.env.LH_LOG || "error",
        onlyCategories: ["seo"],
      },
      {
        extends: "lighthouse:default",
        settings: {
          formFactor: "mobile",
          // Nothing here measures speed, so no waiting for quiet. "simulate" is what
          // keeps the short windows below: with "provided" or "devtools" Lighthouse
          // raises each to 5.25 s (overrideThrottlingWindows), 11 s a page for nothing;
          // the simulation itself only computes the performance metrics, not run here.
          throttlingMethod: "simulate",
          pauseAfterFcpMs: 1,
          pauseAfterLoadMs: 1,
          networkQuietThresholdMs: 1,
          cpuQuietThresholdMs: 1,
          skipAboutBlank: true,
          disableFullPageScreenshot: true,
          disableStorageReset: true, // a fresh profile: nothing to clear between pages
        },
      },
    );
    const { lhr } = result;
    const category = lhr.categories.seo;
    const failing = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit.score !== null && audit.score < 1)
      .map((audit) => ({
        id: audit.id,
        title: audit.title,
        items: (audit.details?.items || []).slice(0, 10).map((item) =>
          JSON.stringify(item.node?.snippet || item.snippet || item.source || item).slice(0, 300),
        ),
      }));
    const error = lhr.runtimeError ? lhr.runtimeError.message : null;
    process.stdout.write(
      JSON.stringify({ url, score: category.score, failing, error }) + "\n",
    );
  }
} catch (error) {
  console.error(error);
  status = 1;
} finally {
  await chrome.kill();
}
process.exit(status);
