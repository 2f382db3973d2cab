/**
 * The HTML report in a real browser: Debian's chromium, driven by playwright-core (never a
 * downloaded browser). Run with `npm run test:browser`; CI installs chromium first. Without
 * chromium the suite fails — it never skips — so a green run always means the page was rendered.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { runCli } from '../support/run-cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CHROMIUM = process.env.RAMPART_CHROMIUM ?? '/usr/bin/chromium';
const HOSTILE_NAMESPACE = '<img src=x onerror=alert(1)>';
const HOSTILE_POD = '<script>window.__xss = 1</script>';
/** Values that must never reach the page: a Secret's data and stringData, and a literal env credential. */
const SECRETS = ['c3VwZXItc2VjcmV0LXRva2Vu', 'super-secret-token', 'plain-secret-password-456', 's3cr3t-env-value-123'];

const HOSTILE = `apiVersion: v1
kind: Namespace
metadata:
  name: "${HOSTILE_NAMESPACE}"
---
apiVersion: v1
kind: Pod
metadata:
  name: "${HOSTILE_POD}"
  namespace: "${HOSTILE_NAMESPACE}"
spec:
  hostPID: true
  containers:
  - name: "c\\"><svg onload=alert(2)>"
    image: "evil:latest"
    env:
    - name: DB_PASSWORD
      value: "s3cr3t-env-value-123"
---
apiVersion: v1
kind: Pod
metadata:
  name: approved-agent
  namespace: shop
  annotations:
    rampart.dev/ignore: "pss-privileged -- node agent, approved by security"
spec:
  containers:
  - name: agent
    image: registry.example/agent@sha256:${'a'.repeat(64)}
    securityContext:
      privileged: true
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: shop
data:
  token: c3VwZXItc2VjcmV0LXRva2Vu
stringData:
  password: plain-secret-password-456
`;

interface Finding {
  ruleId: string;
  verdict: string;
  severity: string;
  owner?: string;
  resource?: { namespace?: string };
  suppressed?: unknown;
}

let dir = '';
let report = '';
let doc: {
  summary: { score: number; severities: Record<string, number> };
  results: Finding[];
  compliance: { controls: unknown[]; notJudged: unknown[] }[];
};
let browser: BrowserContext;
let page: Page;
const requests: string[] = [];
const problems: string[] = [];

const findings = () => doc.results.filter((r) => ['fail', 'warn', 'error'].includes(r.verdict));
const live = () => findings().filter((r) => !r.suppressed);
const visibleRows = () => page.locator('#findings-table tbody tr.finding:visible');

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set RAMPART_CHROMIUM`,
    );
  }
  dir = mkdtempSync(path.join(tmpdir(), 'rampart-html-'));
  cpSync(path.join(ROOT, 'examples', 'insecure'), path.join(dir, 'k8s'), { recursive: true });
  writeFileSync(path.join(dir, 'k8s', 'hostile.yaml'), HOSTILE);
  const run = await runCli(
    ['scan', path.join(dir, 'k8s'), '--framework', 'cis', '-o', 'html=report.html', '-o', 'json'],
    { cwd: dir },
  );
  assert.equal(run.code, 1, run.stderr);
  doc = JSON.parse(run.stdout);
  report = path.join(dir, 'report.html');
  browser = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', async (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await page.goto(pathToFileURL(report).href);
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('HTML report in headless Chromium', () => {
  test('renders the score and every finding, with no script error', async () => {
    assert.equal(await page.locator('#score-value').textContent(), String(doc.summary.score));
    assert.equal(await page.locator('#findings-table tbody tr.finding').count(), findings().length);
    assert.equal(await visibleRows().count(), live().length, 'suppressed findings are hidden at first');
    assert.equal(await page.locator('#shown-count').textContent(), String(live().length));
    assert.match(
      (await page.title()) ?? '',
      new RegExp(`^Rampart report: ${live().length} findings in \\d+ resources$`),
    );
    assert.deepEqual(problems, []);
  });

  test('charts findings by severity, owner and namespace, with the counts of the scan', async () => {
    const captions = await page.locator('figure.chart-box figcaption').allTextContents();
    assert.deepEqual(captions, ['By severity', 'By owner', 'By namespace']);
    for (const severity of ['critical', 'high', 'medium', 'low']) {
      const bar = page.locator(`svg.chart g[data-filter="severity"][data-value="${severity}"] text.value`);
      assert.equal(await bar.textContent(), String(doc.summary.severities[severity]), severity);
    }
    const hostile = page.locator('svg.chart g[data-filter="namespace"]').filter({ hasText: '<img' });
    assert.equal(await hostile.count(), 1, 'the hostile namespace is a bar label, as text');
  });

  test('compliance says how much of CIS was judged, and never a percentage', async () => {
    const cis = page.locator('article.framework[data-framework="cis"]');
    const headline = (await cis.locator('.headline').textContent()) ?? '';
    assert.match(headline, /judged controls pass.*of the benchmark's 130 controls judged, the rest are not scored/);
    assert.doesNotMatch(headline, /%/);
    assert.equal(await cis.locator('table.sections tbody tr').count(), 5);
    const [entry] = doc.compliance;
    assert.equal(await cis.locator('table.controls tbody tr').count(), entry?.controls.length);
    assert.equal(await cis.locator('table.not-judged tbody tr').count(), entry?.notJudged.length);
  });

  test('filters by severity, owner, namespace, rule and text, and reset', async () => {
    await page.selectOption('#filter-severity', 'critical');
    const critical = live().filter((r) => r.verdict !== 'error' && r.severity === 'critical').length;
    assert.ok(critical > 0);
    assert.equal(await visibleRows().count(), critical);
    assert.deepEqual(
      [...new Set(await visibleRows().evaluateAll((rows) => rows.map((r) => r.dataset.severity)))],
      ['critical'],
    );
    await page.selectOption('#filter-severity', '');

    await page.selectOption('#filter-owner', 'platform');
    assert.equal(await visibleRows().count(), live().filter((r) => r.owner === 'platform').length);
    await page.selectOption('#filter-owner', '');

    await page.selectOption('#filter-namespace', HOSTILE_NAMESPACE);
    const inHostile = live().filter((r) => r.resource?.namespace === HOSTILE_NAMESPACE).length;
    assert.ok(inHostile > 0);
    assert.equal(await visibleRows().count(), inHostile);
    await page.selectOption('#filter-namespace', '');

    await page.selectOption('#filter-rule', 'pss-host-namespaces');
    assert.equal(await visibleRows().count(), live().filter((r) => r.ruleId === 'pss-host-namespaces').length);

    await page.fill('#filter-text', 'no finding has this text');
    assert.equal(await visibleRows().count(), 0);
    assert.ok(await page.locator('#no-match').isVisible());

    await page.click('#filter-reset');
    assert.equal(await visibleRows().count(), live().length);
    await page.fill('#filter-text', 'redis');
    const redis = await visibleRows().allTextContents();
    assert.ok(redis.length > 0 && redis.length < live().length);
    for (const row of redis) assert.match(row.toLowerCase(), /redis/);
    await page.click('#filter-reset');
  });

  test('suppressed findings show on request; a chart bar filters the table', async () => {
    await page.check('#filter-suppressed');
    assert.equal(await visibleRows().count(), findings().length);
    assert.equal(await page.locator('tr.finding.suppressed:visible').count(), findings().length - live().length);
    await page.click('#filter-reset');
    await page.locator('svg.chart g[data-filter="severity"][data-value="high"]').click();
    assert.equal(await page.inputValue('#filter-severity'), 'high');
    assert.equal(
      await visibleRows().count(),
      live().filter((r) => r.verdict !== 'error' && r.severity === 'high').length,
    );
    await page.click('#filter-reset');
  });

  test('each finding carries its fix', async () => {
    const row = page.locator('tr.finding[data-rule="pss-host-namespaces"]').first();
    await row.locator('details.fix summary').click();
    const fix = (await row.locator('details.fix').textContent()) ?? '';
    assert.match(fix, /hostPID/);
    assert.ok((await page.locator('tr.finding details.fix').count()) >= live().length - 2, 'nearly every finding');
  });

  test('input is text, never markup: no injected element ran or rendered', async () => {
    assert.equal(await page.evaluate('document.scripts.length'), 1);
    assert.equal(await page.evaluate('window.__xss'), undefined);
    assert.equal(await page.locator('img, svg[onload]').count(), 0);
    const rows = await page.locator('#findings-table').textContent();
    assert.ok(rows?.includes(`Pod/${HOSTILE_NAMESPACE}/${HOSTILE_POD}`));
    assert.deepEqual(problems, []);
  });

  test('makes no network request, and no secret value reaches the page', async () => {
    assert.deepEqual(requests, [pathToFileURL(report).href]);
    const html = readFileSync(report, 'utf8');
    const dom = await page.content();
    for (const secret of SECRETS) {
      assert.equal(html.includes(secret), false, secret);
      assert.equal(dom.includes(secret), false, secret);
    }
  });

  test('a screenshot of the whole page is taken', async () => {
    const file = path.join(dir, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = readFileSync(file);
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.ok(statSync(file).size > 20_000, `${statSync(file).size} bytes`);
  });
});
