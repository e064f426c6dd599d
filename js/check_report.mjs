// Checks the files `meshcheck report` writes, with libraries rather than by hand; the
// report tests (tests/report_*_test.cpp) drive it. Prints one JSON object on stdout;
// exits 0 when the check ran (the JSON says whether the file passed), 2 when it could not.
//
//   node check_report.mjs schema SCHEMA.json REPORT.json   ajv (JSON Schema 2020-12)
//   node check_report.mjs sarif REPORT.sarif               ajv with the SARIF 2.1.0 schema that
//                                                          @microsoft/sarif-multitool ships, then
//                                                          the Multitool's own `validate`
//   node check_report.mjs junit JUNIT.xml                  junit2json's JUnit parser
//   node check_report.mjs html REPORT.html SHOT.png        Debian's chromium, headless, through
//                                                          playwright-core: are the diagrams drawn?
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const here = path.dirname(fileURLToPath(import.meta.url));
const [, , mode, ...args] = process.argv;
const out = (o) => console.log(JSON.stringify(o));

function ajvFor(schema) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

async function main() {
  if (mode === "schema") {
    const validate = ajvFor(JSON.parse(fs.readFileSync(args[0], "utf8")));
    const ok = validate(JSON.parse(fs.readFileSync(args[1], "utf8")));
    out({ valid: ok, errors: validate.errors ?? [] });
  } else if (mode === "sarif") {
    const multitoolDir = path.join(here, "node_modules", "@microsoft", "sarif-multitool-linux");
    const schema = JSON.parse(fs.readFileSync(path.join(multitoolDir, "sarif-2.1.0.json"), "utf8"));
    const validate = ajvFor(schema);
    const doc = JSON.parse(fs.readFileSync(args[0], "utf8"));
    const schemaValid = validate(doc);
    // The Multitool's validate: the schema and its own rules (SARIF1xxx errors, SARIF2xxx advice).
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "meshcheck-sarif-"));
    const log = path.join(tmp, "validation.sarif");
    let multitoolExit = 0;
    try {
      execFileSync(path.join(multitoolDir, "Sarif.Multitool"), ["validate", args[0], "-o", log, "-q"], {
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      multitoolExit = e.status ?? -1;
    }
    const results = fs.existsSync(log) ? JSON.parse(fs.readFileSync(log, "utf8")).runs[0].results ?? [] : null;
    fs.rmSync(tmp, { recursive: true, force: true });
    const multitoolErrors = (results ?? []).filter((r) => (r.level ?? "warning") === "error");
    out({
      valid: schemaValid && multitoolExit === 0 && results !== null && multitoolErrors.length === 0,
      schemaErrors: validate.errors ?? [],
      multitoolExit,
      multitoolErrors: multitoolErrors.map((r) => `${r.ruleId}: ${JSON.stringify(r.message)}`),
      multitoolWarnings: (results ?? []).length - multitoolErrors.length,
    });
  } else if (mode === "junit") {
    const { parse } = await import("junit2json");
    const parsed = await parse(fs.readFileSync(args[0], "utf8"));
    const suites = parsed.testsuite ?? [];
    const cases = suites.flatMap((s) => s.testcase ?? []);
    out({
      name: parsed.name,
      tests: parsed.tests,
      failures: parsed.failures,
      errors: parsed.errors,
      suites: suites.length,
      testcases: cases.map((c) => ({
        name: c.name,
        classname: c.classname,
        failure: (c.failure ?? [])[0]?.message ?? null,
        failureType: (c.failure ?? [])[0]?.type ?? null,
        error: (c.error ?? [])[0]?.message ?? null,
        properties: c.properties ?? [],
        systemOut: (c["system-out"] ?? [])[0] ?? null,
      })),
      properties: suites.flatMap((s) => s.properties ?? []),
    });
  } else if (mode === "html") {
    const { chromium } = await import("playwright-core");
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "meshcheck-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync"],
    });
    const requests = [];
    const consoleErrors = [];
    const page = context.pages()[0] ?? (await context.newPage());
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto(pathToFileURL(path.resolve(args[0])).href, { waitUntil: "load" });
    const facts = await page.evaluate(() => {
      const box = (el) => { const r = el.getBoundingClientRect(); return { w: r.width, h: r.height }; };
      const drawn = (sel, inner) => [...document.querySelectorAll(sel)].map((svg) => ({
        ...box(svg),
        inner: svg.querySelectorAll(inner).length,
        innerDrawn: [...svg.querySelectorAll(inner)].filter((e) => { const b = e.getBBox(); return b.width > 0 || b.height > 0; }).length,
        label: svg.getAttribute("aria-label"),
      }));
      return {
        title: document.title,
        summary: document.querySelector("#summary")?.textContent ?? null,
        scripts: document.querySelectorAll("script").length,
        externalRefs: [...document.querySelectorAll("[src],link[href]")].map((e) => e.getAttribute("src") ?? e.getAttribute("href")),
        sequences: drawn("svg.sequence", "line.call"),
        lifecycles: drawn("svg.lifecycle", "rect.state"),
        coverage: drawn("svg.coverage", "g.bar"),
        violationCards: document.querySelectorAll("section.violation-card").length,
      };
    });
    await page.screenshot({ path: args[1], fullPage: true });
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
    out({ ...facts, requests, consoleErrors });
  } else {
    console.error("usage: node check_report.mjs schema|sarif|junit|html ...");
    process.exit(2);
  }
}

main().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(2);
});
