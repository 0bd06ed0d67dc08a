import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createServer as createTcpServer } from 'node:net';
import { healthUrl, readyLine, waitUntilHealthy, waitUntilListening } from './ready-line.js';

describe('the ready line of npm start', () => {
  it('names the three areas, the demo sign-ins and the mailbox on one line', () => {
    const line = readyLine({ baseUrl: 'http://localhost:4000/', mailUrl: 'http://127.0.0.1:4106/', demo: true });
    expect(line).not.toContain('\n');
    expect(line).toBe(
      'Innkeeper is ready: guest http://localhost:4000/ · staff http://localhost:4000/staff · admin http://localhost:4000/staff/admin · ' +
        'staff admin@innkeeper.local or frontdesk@harbour.local, password innkeeper-demo; guest HV1001 / Müller · mail http://127.0.0.1:4106/',
    );
  });

  it('leaves out the demo sign-ins on a database it did not seed, and the mailbox when mail goes to a real relay', () => {
    const line = readyLine({ baseUrl: 'https://hotel.example', mailUrl: undefined, demo: false });
    expect(line).toBe('Innkeeper is ready: guest https://hotel.example/ · staff https://hotel.example/staff · admin https://hotel.example/staff/admin');
  });

  it('asks a wildcard address on the loopback interface', () => {
    expect(healthUrl('0.0.0.0', 4000)).toBe('http://127.0.0.1:4000/health');
    expect(healthUrl('::', 4000)).toBe('http://127.0.0.1:4000/health');
    expect(healthUrl('::1', 4000)).toBe('http://[::1]:4000/health');
    expect(healthUrl('10.0.0.5', 8080)).toBe('http://10.0.0.5:8080/health');
  });

  it('waits through refusals and 503s for a 200, and stops waiting when the API is gone', async () => {
    let answers = [503, 503, 200];
    const server = createServer((_request, response) => {
      response.statusCode = answers.shift() ?? 200;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
    try {
      expect(await waitUntilHealthy(url, () => false)).toBe(true);
      expect(answers).toEqual([]);
      answers = [503, 503, 503];
      let polls = 0;
      expect(await waitUntilHealthy(url, () => ++polls > 2)).toBe(false);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('waits for a port to accept connections, and stops waiting when the mock is gone', async () => {
    const probe = createTcpServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    let polls = 0;
    expect(await waitUntilListening(port, () => ++polls > 2)).toBe(false);
    const server = createTcpServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await waitUntilListening(port, () => false)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
