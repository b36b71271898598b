import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request, WebSocket } from 'undici';
import { bridgeForApi, startUiServer, type UiServer } from '../../main/server/index.js';
import { type ApiFixture, apiFixture } from '../api/api-fixture.js';
import { assertOutput, errorProblem, outputProblem } from '../helpers/contract-check.js';
import { tempDir } from '../helpers/workspace.js';

export type UiFixture = {
  api: ApiFixture;
  server: UiServer;
  /** Internal errors the bridge logged (a test fails if one is unexpected). */
  internalErrors: unknown[];
  /** Answers outside the contract's output schemas, whoever asked; `close` fails on any. */
  outputProblems: string[];
  call(operation: string, body: unknown, token?: string | null): Promise<{ status: number; json: unknown }>;
  close(): Promise<void>;
};

/**
 * The real API on a temp workspace behind the real browser-mode server on 127.0.0.1 (a free
 * port), with a small stand-in renderer folder: the server's job is to serve whatever is built.
 */
export async function uiFixture(): Promise<UiFixture> {
  const api = apiFixture();
  const rendererDir = tempDir('podium-renderer-');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>Podium</title></head><body><div id="root"></div><script type="module" src="app.js"></script></body></html>',
  );
  writeFileSync(join(rendererDir, 'app.js'), 'document.title = "Podium";\n');
  const internalErrors: unknown[] = [];
  const bridge = bridgeForApi(api.api, (error) => internalErrors.push(error));
  // Checked at the bridge, so answers to raw requests (the fuzz pool) are held to the contract too;
  // kept rather than thrown, since a throw here would reach the client as a 500.
  const outputProblems: string[] = [];
  const server = await startUiServer({
    api: {
      ...bridge,
      call: async (name, input) => {
        const result = await bridge.call(name, input);
        const problem =
          'error' in result ? errorProblem(name, result.error) : outputProblem(name, result.data);
        if (problem !== null) outputProblems.push(problem);
        return result;
      },
    },
    port: 0,
    rendererDir,
  });
  return {
    api,
    server,
    internalErrors,
    outputProblems,
    call: async (operation, body, token = server.token) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      const response = await request(`${server.url}/api/call/${operation}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.body.text();
      const json = text === '' ? null : JSON.parse(text);
      if (response.statusCode === 200) assertOutput(operation, (json as { data: unknown }).data);
      return { status: response.statusCode, json };
    },
    close: async () => {
      await server.close();
      await api.cleanup();
      rmSync(rendererDir, { recursive: true, force: true });
      assert.deepEqual(outputProblems, [], outputProblems.join('\n'));
    },
  };
}

export type EventSocket = {
  messages: { event: string; payload: Record<string, unknown> }[];
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  close(): void;
};

/** A WebSocket client on /api/events recording every frame. */
export function openEvents(server: UiServer, token: string | null): EventSocket {
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/events${query}`);
  const messages: EventSocket['messages'] = [];
  socket.addEventListener('message', (event) => messages.push(JSON.parse(String(event.data))));
  return {
    messages,
    opened: new Promise((resolve, reject) => {
      socket.addEventListener('open', () => resolve());
      socket.addEventListener('error', () => reject(new Error('WebSocket failed')));
    }),
    closed: new Promise((resolve) =>
      socket.addEventListener('close', (event) => resolve({ code: event.code, reason: event.reason })),
    ),
    close: () => socket.close(),
  };
}
