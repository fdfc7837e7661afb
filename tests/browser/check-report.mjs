// Opens a built report in headless Chromium (Debian's, at /usr/bin/chromium unless CHROMIUM
// says otherwise), then checks that it
//   - logs no console errors and throws no page errors,
//   - makes no network request at all (only the file itself is loaded),
//   - has no serious or critical axe-core accessibility violations,
//   - is valid HTML by html-validate's recommended rules,
//   - on a phone's width (390 and 320 pixels) shows no chart text under 12 pixels high and no
//     page wider than the screen, and axe is still clean,
// and saves a screenshot of the first screen as a test artefact.
//
// Usage: node check-report.mjs REPORT.html SCREENSHOT.png
// Exit status 0 when every check passes; 1 with the reasons otherwise.

import { chromium } from "playwright-core";
import { HtmlValidate } from "html-validate";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";

const [report, screenshot] = process.argv.slice(2);
if (!report || !screenshot) {
  console.error("usage: node check-report.mjs REPORT.html SCREENSHOT.png");
  process.exit(2);
}
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const reportUrl = pathToFileURL(report).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    if (r.url() !== reportUrl) problems.push(`request to another resource: ${r.url()}`);
  });
  await page.goto(reportUrl, { waitUntil: "load" });
  await page.screenshot({ path: screenshot });
  // axe is evaluated in the page only after the request and console checks have their data.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      first: v.nodes[0] ? v.nodes[0].target.join(" ") : "",
    }));
  });
  for (const v of result) {
    const line = `axe ${v.impact}: ${v.id} (${v.help}) on ${v.nodes} element(s), first ${v.first}`;
    if (v.impact === "serious" || v.impact === "critical") problems.push(line);
    else console.log(`note, not failing: ${line}`);
  }
  console.log(`checked ${report}: ${result.length} axe finding(s) in all`);

  // On a phone (390 pixels, and the narrowest common screen, 320): no chart text under 12
  // pixels as shown, no page wider than the screen, and axe still clean.
  for (const width of [390, 320]) {
    const phone = await browser.newPage({ viewport: { width, height: 844 } });
    await phone.goto(reportUrl, { waitUntil: "load" });
    const seen = await phone.evaluate(() => {
      let smallest = Infinity, where = "", texts = 0;
      for (const t of document.querySelectorAll("svg.chart text")) {
        if (t.getClientRects().length === 0) continue; // the chart drawn for the other width
        const m = t.getScreenCTM();
        const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
        texts += 1;
        if (px < smallest) {
          smallest = px;
          where = `"${t.textContent.trim()}" in ${t.closest("figure")?.id ?? "a chart"}`;
        }
      }
      return { smallest, where, texts, page: document.documentElement.scrollWidth };
    });
    if (seen.texts === 0) problems.push(`at ${width} px no chart text is shown`);
    if (seen.smallest < 12) problems.push(`at ${width} px chart text is ${seen.smallest.toFixed(1)} px high: ${seen.where}`);
    if (seen.page > width) problems.push(`at ${width} px the page is ${seen.page} px wide and scrolls sideways`);
    console.log(`at ${width} px: ${seen.texts} chart texts shown, the smallest ${seen.smallest.toFixed(1)} px high`);
    if (width === 390) {
      await phone.evaluate(axeSource);
      const narrow = await phone.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ["violations"] });
        return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
      });
      for (const id of narrow) problems.push(`axe at ${width} px: ${id}`);
    }
    await phone.close();
  }
} finally {
  await browser.close();
}
const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });
const validity = await validator.validateFile(report);
for (const result of validity.results) {
  for (const m of result.messages) {
    problems.push(`html-validate: line ${m.line}, column ${m.column}: ${m.message} (${m.ruleId})`);
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("no console errors, no network requests, no serious or critical accessibility violations, valid HTML");
