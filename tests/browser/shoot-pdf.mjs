// Pictures of chosen pages of a PDF, drawn by pdf.js in headless Chromium: the pages LibreOffice
// printed from figures.xlsx, kept as test artefacts so that a reader can see the workbook as a
// spreadsheet program shows it (called by tests/it/workbook.rs).
//
// Usage: node shoot-pdf.mjs FILE.pdf OUTDIR NAME=TEXT...
// For each NAME=TEXT, the first page whose text holds TEXT is drawn to OUTDIR/NAME.png.
// Exit status 0 when every page was found and drawn; 1 with the reasons otherwise.

import { chromium } from "playwright-core";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const [pdfFile, outDir, ...wanted] = process.argv.slice(2);
if (!pdfFile || !outDir || wanted.length === 0 || wanted.some((w) => !w.includes("="))) {
  console.error("usage: node shoot-pdf.mjs FILE.pdf OUTDIR NAME=TEXT...");
  process.exit(2);
}
const squash = (s) => s.replace(/\s+/g, "");
const bytes = new Uint8Array(readFileSync(pdfFile));

// Which page holds each text, read in Node.
const doc = await getDocument({ data: bytes.slice() }).promise;
const pageTexts = [];
for (let n = 1; n <= doc.numPages; n++) {
  const content = await (await doc.getPage(n)).getTextContent();
  pageTexts.push(squash(content.items.map((i) => i.str).join("")));
}
const problems = [];
const shots = [];
for (const w of wanted) {
  const [name, text] = [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)];
  const at = pageTexts.findIndex((t) => t.includes(squash(text)));
  if (at < 0) problems.push(`no page of ${pdfFile} holds ${JSON.stringify(text)}`);
  else shots.push({ name, page: at + 1 });
}

// Drawn in the browser: pdf.js's canvas needs one, and Node has none.
const build = join(dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "legacy/build");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  await page.route("https://pdfjs.invalid/**", (route) => {
    const file = new URL(route.request().url()).pathname.slice(1);
    route.fulfill({ contentType: "text/javascript", body: readFileSync(join(build, file)) });
  });
  await page.route("https://page.invalid/", (route) =>
    route.fulfill({ contentType: "text/html", body: "<!doctype html><title>pdf</title><body style=margin:0>" }),
  );
  await page.goto("https://page.invalid/");
  for (const { name, page: n } of shots) {
    await page.evaluate(
      async ({ data, n }) => {
        const pdfjs = await import("https://pdfjs.invalid/pdf.mjs");
        pdfjs.GlobalWorkerOptions.workerSrc = "https://pdfjs.invalid/pdf.worker.mjs";
        const doc = await pdfjs.getDocument({ data: Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) }).promise;
        const p = await doc.getPage(n);
        const viewport = p.getViewport({ scale: 1.5 });
        document.body.replaceChildren();
        const canvas = document.createElement("canvas");
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        document.body.append(canvas);
        const ctx = canvas.getContext("2d");
        ctx.fillStyle = "white";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        await p.render({ canvasContext: ctx, viewport }).promise;
      },
      { data: Buffer.from(bytes).toString("base64"), n },
    );
    await page.locator("canvas").screenshot({ path: join(outDir, `${name}.png`) });
    console.log(`${name}: page ${n} of ${doc.numPages}`);
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.log(problems.join("\n"));
  process.exit(1);
}
