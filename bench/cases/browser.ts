// Issue 23's browser goal: Chromium, driven by Playwright, opens the pages a team lives in on the
// real server (`npm start` on the bench database), signed in through the sign-in page, and each
// page's time from navigation start to its main content is measured: p95 of 10 loads < 1 s.
import type { ChildProcess } from "node:child_process";
import { type Browser, chromium, devices, type Page } from "@playwright/test";
import { freePort } from "../../lib/db/embedded.ts";
import { CHROMIUM_ARGS, findChromium } from "../../scripts/chromium.mjs";
import { type BenchContext, lastFiscalQuarter, one } from "../context.ts";
import { BENCH_PASSWORD } from "../database.ts";
import { collector, countResult, formatMs, percentile, timedResult, timeOnce } from "../measure.ts";
import { serverCpuMs, startServer, stopServer, waitUntilReady } from "../server.ts";

const GROUP = "browser";
const GOAL_MS = 1_000;
const RUNS = 10;
const LOG = "server-browser.log";
/** A first load compiles nothing in production, but a busy machine can be slow; a page is given this long. */
const CONTENT_TIMEOUT_MS = 60_000;

/**
 * What must be visible for a page to count as shown: real content, never its loading skeleton. Each
 * probe is found by the names a screen reader hears (a table's caption, a region's label, the
 * page's heading) or a test id; the first probe's matches are the rows the table reports.
 */
type Probe =
  /** The body rows of the table with this caption. */
  | { rows: string }
  /** The page's h1 with exactly this text. */
  | { heading: string }
  | { testId: string }
  /** Elements matching `css` inside the element labelled `label` (aria-label or aria-labelledby). */
  | { within: string; css: string };

type Target = { name: string; path: string; content: Probe[] };

/**
 * Runs in every document from its start: the first moment every probe of the page's target finds a
 * visible element (in the DOM, laid out with a box, not hidden), in milliseconds since the
 * navigation started. Plain JavaScript in a string, so nothing the TypeScript loader adds to
 * functions reaches the page.
 */
const WATCH_CONTENT = `(targets) => {
  const probes = targets[location.pathname + location.search];
  if (!probes) return;
  // Long tasks (≥ 50 ms) of the main thread: how much of the wait was the browser's own work.
  const tasks = window.__rosterTasks = [];
  new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => [e.startTime, e.duration])))
    .observe({ type: "longtask", buffered: true });
  const text = (el) => (el ? el.textContent : "").replace(/\\s+/g, " ").trim();
  const nameOf = (el) => el.getAttribute("aria-label")
    ?? el.getAttribute("aria-labelledby").split(" ").map((id) => text(document.getElementById(id))).join(" ");
  const find = (probe) => {
    if ("rows" in probe) return [...document.querySelectorAll("table")].filter((t) => text(t.querySelector("caption")) === probe.rows)
      .flatMap((t) => [...t.querySelectorAll(":scope > tbody > tr")]);
    if ("heading" in probe) return [...document.querySelectorAll("h1")].filter((h) => text(h) === probe.heading);
    if ("testId" in probe) return [...document.querySelectorAll("[data-testid=" + JSON.stringify(probe.testId) + "]")];
    return [...document.querySelectorAll("[aria-label], [aria-labelledby]")].filter((el) => nameOf(el) === probe.within)
      .flatMap((el) => [...el.querySelectorAll(probe.css)]);
  };
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  // Checked after every change to the document (a streamed boundary revealed, a chart drawn) and
  // in every animation frame (styles applied, a box laid out), so the figure lags neither by a frame.
  let done = false;
  const check = () => {
    if (done) return;
    const found = probes.map((probe) => find(probe));
    if (!found.every((els) => els.length > 0)) return;
    const shownNow = found.map((els) => els.filter(shown));
    if (!shownNow.every((els) => els.length > 0)) return;
    done = true;
    observer.disconnect();
    window.__rosterContent = { at: performance.now(), rows: shownNow[0].length };
  };
  window.__rosterRows = () => find(probes[0]).filter(shown).length;
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["hidden", "style", "class", "width", "d"] });
  const frame = () => {
    check();
    if (!done) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}`;

/**
 * One load: from the browser's navigation start until every probe of the page finds visible
 * content, and not before the page's first paint. `serverCpu` reads the server's CPU so far.
 */
async function open(page: Page, target: Target, serverCpu: () => number) {
  const cpuBefore = serverCpu();
  let content = { at: 0, rows: 0 };
  // Its wall time is Node's view, late by the polling; the time reported is the browser's own.
  const { cpu } = await timeOnce(async () => {
    await page.goto(target.path, { waitUntil: "commit" });
    // Functions, not strings: the app's CSP forbids eval, and Playwright evaluates a string with it.
    const shown = await page.waitForFunction(() => (window as { __rosterContent?: { at: number; rows: number } }).__rosterContent, null,
      { timeout: CONTENT_TIMEOUT_MS });
    content = (await shown.jsonValue())!;
    return { rows: content.rows };
  });
  const cpuToContent = serverCpu() - cpuBefore;
  // Untimed: what the page does once shown (prefetching the links in view) ends before the next load.
  await page.waitForLoadState("networkidle", { timeout: 15_000 }).catch(() => {});
  // The document's first and last byte, and the main thread's long tasks before the content showed.
  const timing = await page.evaluate((at) => {
    const [entry] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
    const tasks = (window as { __rosterTasks?: [number, number][] }).__rosterTasks ?? [];
    const busy = tasks.filter(([start]) => start < at).reduce((sum, [start, duration]) => sum + Math.min(duration, at - start), 0);
    const paint = performance.getEntriesByType("paint").find((p) => p.name === "first-contentful-paint");
    return entry ? { firstByte: entry.responseStart, lastByte: entry.responseEnd, busy, firstPaint: paint?.startTime ?? 0 } : null;
  }, content.at);
  // Counted once the page has settled: a table still streaming in shows its first rows first.
  const rows = await page.evaluate(() => (window as { __rosterRows?: () => number }).__rosterRows?.() ?? 0);
  // Content in place before the page's first paint is seen at that paint; after it, within a frame.
  return { ms: Math.max(content.at, timing?.firstPaint ?? 0), rows, cpu, timing, cpuToContent, cpuAll: serverCpu() - cpuBefore };
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(BENCH_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("current-user").waitFor({ timeout: CONTENT_TIMEOUT_MS });
}

async function targets(ctx: BenchContext): Promise<Target[]> {
  // A typical account: not a whale, a CSM on it, open and closed opportunities to list.
  const account = await one<{ id: string; name: string; open: number; total: number }>(ctx.pool, `
    SELECT a.id::text, a.name,
      (SELECT count(*)::int FROM opportunities o WHERE o.account_id = a.id AND NOT o.is_closed) AS open,
      (SELECT count(*)::int FROM opportunities o WHERE o.account_id = a.id) AS total
    FROM accounts a JOIN account_role_assignments h ON h.account_id = a.id AND h.role_key = 'csm' AND h.user_id IS NOT NULL
    WHERE a.name NOT LIKE 'Whale %'
      AND EXISTS (SELECT 1 FROM opportunities o WHERE o.account_id = a.id AND NOT o.is_closed)
      AND EXISTS (SELECT 1 FROM opportunities o WHERE o.account_id = a.id AND o.is_closed)
    ORDER BY md5(a.id::text) LIMIT 1`);
  // The CSM with the most open opportunities: the longest list the workload's and My book's links open.
  const csm = await one<{ id: string; open: number }>(ctx.pool, `
    SELECT csm_id::text AS id, count(*)::int AS open FROM opportunities
    WHERE NOT is_closed AND merged_into_id IS NULL AND csm_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
  const quarter = await lastFiscalQuarter();
  const count = (n: number) => n.toLocaleString("en-US");

  return [
    { name: "accounts list", path: "/accounts", content: [{ rows: "Accounts" }] },
    {
      // Its header, its team and its opportunities: the whole first screen.
      name: `an account (${count(account.open)} open of ${count(account.total)} opportunities)`,
      path: `/accounts/${account.id}`,
      content: [{ rows: `Opportunities of ${account.name}` }, { heading: account.name }, { rows: "Roles on this account and who holds them" }],
    },
    {
      // As the workload page and My book link to it: the CSM's open opportunities, newest first.
      name: `a CSM's open opportunities (the busiest CSM, ${count(csm.open)})`,
      path: `/opportunities?csmId=${csm.id}&open=true`,
      content: [{ rows: "Opportunities" }],
    },
    {
      // Its default view: the CSMs' charts, which recharts draws in the browser; rows = bars drawn.
      name: "workload (CSMs, charts)",
      path: "/workload",
      content: [{ within: "Accounts held against capacity", css: ".recharts-bar-rectangle" }],
    },
    {
      // The first page of rows, the period's count and the credit per CSM with its total.
      name: `comp review, ${quarter.label}`,
      path: `/comp?period=${quarter.key}`,
      content: [
        { rows: "Closed-won opportunities in the period" }, { testId: "period-count" },
        { within: "Credit per CSM", css: "tr.comp-total-row" },
      ],
    },
  ];
}

async function measurePage(ctx: BenchContext, page: Page, server: ChildProcess, target: Target): Promise<void> {
  const serverCpu = () => (server.pid ? serverCpuMs(server.pid) : Number.NaN);
  await open(page, target, serverCpu); // warm-up, untimed
  const { add, measured } = collector();
  const cpuToContent: number[] = [];
  const cpuAll: number[] = [];
  const firstBytes: number[] = [];
  const lastBytes: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const load = await open(page, target, serverCpu);
    cpuToContent.push(load.cpuToContent);
    cpuAll.push(load.cpuAll);
    if (load.timing) {
      firstBytes.push(load.timing.firstByte);
      lastBytes.push(load.timing.lastByte);
      busy.push(load.timing.busy);
    }
    add(load.ms, load.cpu, load.rows);
  }
  const median = (values: number[]) => (values.length && !values.some(Number.isNaN) ? formatMs(percentile([...values].sort((a, b) => a - b), 50)) : "?");
  ctx.report(timedResult(GROUP, target.name, measured, { kind: "p95", ms: GOAL_MS },
    `p50s: the document's first byte ${median(firstBytes)}, last byte ${median(lastBytes)}; browser long tasks ${median(busy)} before shown; ` +
    `server CPU ${median(cpuToContent)} until shown, ${median(cpuAll)} with the prefetches that follow`));
}

export async function browserCases(ctx: BenchContext): Promise<void> {
  const admin = await one<{ email: string }>(ctx.pool, `
    SELECT email FROM users WHERE profile = 'admin' AND active AND password_hash IS NOT NULL ORDER BY email LIMIT 1`);
  const pages = await targets(ctx);
  const executablePath = process.env.ROSTER_CHROMIUM || findChromium();
  if (!executablePath) throw new Error("bench: no Chromium (run `npx playwright install chromium` or `apt-get install chromium`, or set ROSTER_CHROMIUM)");

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  const server = await startServer(ctx, port, LOG);
  let browser: Browser | null = null;
  try {
    await waitUntilReady(base, ctx.token, server, LOG);
    ctx.log(`server ready after ${((Date.now() - startedAt) / 1000).toFixed(0)} s; Chromium ${executablePath}, signed in as ${admin.email} (admin)`);
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ ...devices["Desktop Chrome"], viewport: { width: 1360, height: 900 }, baseURL: base });
    await context.addInitScript(`(${WATCH_CONTENT})(${JSON.stringify(Object.fromEntries(pages.map((t) => [t.path, t.content])))})`);
    const page = await context.newPage();
    await signIn(page, admin.email);
    for (const target of pages) {
      try {
        await measurePage(ctx, page, server, target);
      } catch (error) {
        // One page that never shows its content must not hide the others' figures.
        ctx.log(`${target.name}: ${error instanceof Error ? error.message : String(error)}`);
        ctx.report(countResult(GROUP, `${target.name}: did not show its content`, 1, { kind: "equals", value: 0, unit: "failures" },
          { note: `${target.path}; ${error instanceof Error ? error.message.split("\n")[0].slice(0, 160) : String(error)}` }));
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    await stopServer(server);
  }
}
