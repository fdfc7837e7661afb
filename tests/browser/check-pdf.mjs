// Checks a report's PDF (written by `safeguard build --pdf`) against the report it was printed
// from, reading the PDF's text with pdf.js:
//   - a contents page within the first three pages, listing every section's title,
//   - every page after the first numbered "Page N of M",
//   - every table of the report, the charts' data tables among them, printed (by its caption),
//   - no chart split across pages: the text a chart draws appears whole, in order, on one page.
// What the report holds is read from the HTML in headless Chromium with print styles applied.
//
// Usage: node check-pdf.mjs REPORT.html REPORT.pdf
// Exit status 0 when every check passes; 1 with the reasons otherwise.

import { chromium } from "playwright-core";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { pathToFileURL } from "node:url";
import { readFileSync } from "node:fs";

const [report, pdfFile] = process.argv.slice(2);
if (!report || !pdfFile) {
  console.error("usage: node check-pdf.mjs REPORT.html REPORT.pdf");
  process.exit(2);
}
// Text compared without white space: pdf.js splits and joins runs of text its own way.
const squash = (s) => s.replace(/\s+/g, "");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
let held;
try {
  const page = await browser.newPage();
  await page.emulateMedia({ media: "print" });
  await page.goto(pathToFileURL(report).href, { waitUntil: "load" });
  held = await page.evaluate(() => {
    const shown = (e) => e.getClientRects().length > 0;
    return {
      sections: [...document.querySelectorAll("nav.contents li")].map((li) => li.textContent.trim()),
      captions: [...document.querySelectorAll("table caption")].filter(shown).map((c) => c.textContent.trim()),
      charts: [...document.querySelectorAll("svg.chart")].filter(shown).map((svg) => ({
        title: svg.querySelector("title")?.textContent ?? "",
        text: [...svg.querySelectorAll("text")].map((t) => t.textContent).join(""),
      })),
    };
  });
} finally {
  await browser.close();
}

const doc = await getDocument({ data: new Uint8Array(readFileSync(pdfFile)), verbosity: 0 }).promise;
const pages = [];
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  pages.push(squash(content.items.map((item) => item.str).join("")));
}
const whole = pages.join("");
const problems = [];

if (pages.length < 3) problems.push(`the PDF has ${pages.length} page(s)`);
const contents = pages.slice(0, 3).findIndex((p) => p.includes("Contents"));
if (contents < 0) problems.push("no contents page in the first three pages");
else {
  let at = pages[contents].indexOf("Contents");
  for (const title of held.sections) {
    const found = pages[contents].indexOf(squash(title), at);
    if (found < 0) problems.push(`the contents page does not list "${title}" in order`);
    else at = found;
  }
}
pages.forEach((p, i) => {
  const label = squash(`Page ${i + 1} of ${pages.length}`);
  if (i > 0 && !p.includes(label)) problems.push(`page ${i + 1} is not numbered "Page ${i + 1} of ${pages.length}"`);
});
for (const caption of held.captions) {
  if (!whole.includes(squash(caption))) problems.push(`the table "${caption}" is not printed`);
}
for (const chart of held.charts) {
  const drawn = squash(chart.text);
  if (!pages.some((p) => p.includes(drawn))) problems.push(`the chart "${chart.title}" is not whole on one page`);
}
if (held.charts.length === 0) problems.push("the report printed no chart");

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(
  `${pages.length} pages: a contents page of ${held.sections.length} sections, every page numbered, ` +
    `${held.captions.length} tables printed, ${held.charts.length} charts each whole on one page`,
);
