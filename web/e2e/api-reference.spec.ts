import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, newPage, screenshot } from './harness';

browserSuite('API reference page', (stack) => {

  test('renders offline: every request stays on this server, nothing is refused, no AI, MCP or deploy tools', async () => {
    const page = await newPage(stack);
    const requested: string[] = [];
    const refused: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    await page.goto('/docs/');
    await page.getByRole('heading', { name: /Innkeeper API/ }).first().waitFor();
    // Operation summaries come from /openapi.json, the last thing the page fetches to render.
    await page.getByText('Liveness and database reachability').first().waitFor();
    await page.waitForLoadState('load');
    await screenshot(page, 'api-reference');

    const elsewhere = requested.filter((url) => !url.startsWith(stack.baseUrl) && !/^(data|blob):/.test(url));
    assert.deepEqual(elsewhere, [], 'the reference page asked another host');
    assert.deepEqual(refused, [], 'the page tried something its policy refuses');
    const text = await page.locator('body').innerText();
    for (const unwanted of ['Ask AI', 'Generate MCP', 'Deploy']) assert.ok(!text.includes(unwanted), `"${unwanted}" is on the page`);
  });
});
