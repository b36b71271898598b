import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createRepositories } from '../main/app/repositories.js';
import { loadConfig } from '../main/config/index.js';
import { writeSampleData } from '../main/data/index.js';
import { openDatabase } from '../main/db/index.js';
import { ChampionChallengerManager } from '../main/lifecycle/index.js';
import { findFreePort } from '../main/serving/free-port.js';
import { GATEWAY_ADMIN_KEY_ENV } from '../main/serving/gateway-control.js';
import type { GatewayRouting } from '../main/serving/gateway-routing.js';
import { waitHealthy } from '../main/serving/service-spec.js';
import { openWorkspace } from '../main/workspace/index.js';
import { latencyAtRate } from './latency-probe.js';
import { median } from './stats.js';

const CONNECTIONS = 32;
const SECONDS = 5;
const RUNS = 3;
const FIXED_RATE = 1_000;
/** Interleaved pairs (alone, with a shadow) at the fixed rate: a 0.05 ms effect needs several. */
const FIXED_RUNS = 7;
const FIXED_SECONDS = 4;

type Measure = { rps: number; p50: number; p99: number; errors: number; cpuUs: number };

/** CPU seconds (user + system) a process has used so far; 0 where /proc is not there. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function start(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  return spawn(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
}

/**
 * The product's gateway process (gateway-main.js, as `podium serve` starts it), with the
 * prediction log in a database of its own.
 */
function startGateway(dir: string, name: string, port: number, routing: GatewayRouting): ChildProcess {
  const database = join(dir, `${name}.db`);
  openDatabase(database).close();
  return start(
    '../main/serving/gateway-main.js',
    [
      '--model',
      'bench',
      '--database',
      database,
      '--record',
      join(dir, `${name}.json`),
      '--port',
      String(port),
      '--routing',
      JSON.stringify(routing),
    ],
    { ...process.env, [GATEWAY_ADMIN_KEY_ENV]: randomBytes(32).toString('hex') },
  );
}

/**
 * autocannon against one target, with the CPU time every process on the path spent per
 * request (load generator included): on a shared 2-core machine requests/s move with the
 * neighbours' load, CPU per request much less.
 */
async function load(url: string, body: string, path: ChildProcess[] = []): Promise<Measure> {
  const before = path.map((child) => cpuSeconds(child.pid));
  const own = process.cpuUsage();
  const result = await autocannon({
    url: `${url}/predict`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  const ownUsage = process.cpuUsage(own);
  const spent =
    (ownUsage.user + ownUsage.system) / 1e6 +
    path.reduce((sum, child, i) => sum + cpuSeconds(child.pid) - before[i], 0);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    cpuUs: (spent / Math.max(result.requests.total, 1)) * 1e6,
  };
}

/** Prediction requests a model service has answered, and the predictions in them, from its /metrics. */
async function served(serviceUrl: string): Promise<{ requests: number; records: number }> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  let requests = 0;
  for (const match of text.matchAll(
    /^podium_model_requests_total\{route="\/(?:batch_)?predict"[^}]*\} (\d+)/gm,
  )) {
    requests += Number(match[1]);
  }
  const records = Number(/^podium_model_predictions_total\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? 0);
  return { requests, records };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Requests per second and latency with 32 connections, measured side by side in one run: the
 * ceiling (bare node:http), the model service, and the gateway without and with one shadow.
 */
export async function benchServing(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-serve-'));
  const children: ChildProcess[] = [];
  try {
    const workspace = openWorkspace(join(dir, 'ws'), { config: loadConfig({ env: {}, localFile: null }) });
    const manager = new ChampionChallengerManager(workspace, createRepositories(workspace));
    const file = await writeSampleData({ samples: 10_000, drift: false, seed: 42, outputDir: dir });
    const champion = (await manager.trainChallenger(file, { modelType: 'linear', autoEvaluate: true }))
      .version;
    // The shadow is a second linear model: the figure is the gateway's cost of mirroring, not
    // the cost of a heavier model (that is the shadow's own CPU, bought on purpose).
    const shadow = (await manager.trainChallenger(file, { modelType: 'linear', seed: 7 })).version;
    workspace.close();

    const [header, first] = readFileSync(file, 'utf8').split('\n');
    const names = header.split(',');
    const cells = first.split(',');
    const record = Object.fromEntries(
      names
        .map((name, i) => [name, cells[i]] as const)
        .filter(([name]) => name !== 'target')
        .map(([name, value]) => [
          name,
          value === '' ? null : Number.isNaN(Number(value)) ? value : Number(value),
        ]),
    );
    const body = JSON.stringify(record);

    const ports = { ceiling: await findFreePort('127.0.0.1', 19100) } as Record<string, number>;
    ports.champion = await findFreePort('127.0.0.1', ports.ceiling + 1);
    ports.shadow = await findFreePort('127.0.0.1', ports.champion + 1);
    ports.gateway = await findFreePort('127.0.0.1', ports.shadow + 1);
    ports.gatewayShadow = await findFreePort('127.0.0.1', ports.gateway + 1);
    const url = (port: number) => `http://127.0.0.1:${port}`;
    const serviceArgs = (dir: string, port: number, role: string) => [
      '--package',
      dir,
      '--port',
      String(port),
      '--role',
      role,
    ];

    const ceilingServer = start('./ceiling-main.js', [String(ports.ceiling)]);
    const championService = start(
      '../main/serving/service-main.js',
      serviceArgs(champion.packagePath, ports.champion, 'champion'),
    );
    const shadowService = start(
      '../main/serving/service-main.js',
      serviceArgs(shadow.packagePath, ports.shadow, 'shadow'),
    );
    children.push(ceilingServer, championService, shadowService);
    const champion1 = { version: 1, url: url(ports.champion) };
    const gatewayAlone = startGateway(dir, 'g1', ports.gateway, { champion: champion1, shadows: [] });
    const gatewayShadow = startGateway(dir, 'g2', ports.gatewayShadow, {
      champion: champion1,
      shadows: [{ version: 2, url: url(ports.shadow) }],
    });
    children.push(gatewayAlone, gatewayShadow);
    await Promise.all(
      [ports.champion, ports.shadow, ports.gateway, ports.gatewayShadow].map((port) =>
        waitHealthy(url(port)),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    // Each target with the processes a request goes through, for CPU per request.
    const targets = [
      ['bare node:http, JSON parse + constant (ceiling)', ports.ceiling, [ceilingServer]],
      ['model service /predict (linear)', ports.champion, [championService]],
      ['gateway → champion', ports.gateway, [gatewayAlone, championService]],
      [
        'gateway → champion + 1 shadow mirrored',
        ports.gatewayShadow,
        [gatewayShadow, championService, shadowService],
      ],
    ] as const;
    // Warm-up, then interleaved rounds so drift in machine load hits every target alike.
    for (const [, port] of targets) await load(url(port), body);
    const results = new Map<string, Measure[]>(targets.map(([name]) => [name, []]));
    const championLoad = { requests: 0, records: 0 };
    const shadowLoad = { requests: 0, records: 0 };
    for (let run = 0; run < RUNS; run++) {
      for (const [name, port, path] of targets) {
        const withShadow = port === ports.gatewayShadow;
        const before = withShadow
          ? await Promise.all([served(url(ports.champion)), served(url(ports.shadow))])
          : [];
        results.get(name)!.push(await load(url(port), body, [...path]));
        if (withShadow) {
          const [champion, shadow] = await Promise.all([
            served(url(ports.champion)),
            served(url(ports.shadow)),
          ]);
          championLoad.requests += champion.requests - before[0].requests;
          championLoad.records += champion.records - before[0].records;
          shadowLoad.requests += shadow.requests - before[1].requests;
          shadowLoad.records += shadow.records - before[1].records;
        }
      }
    }
    const summary = targets.map(([name]) => {
      const runs = results.get(name)!;
      return {
        name,
        rps: median(runs.map((r) => r.rps)),
        p50: median(runs.map((r) => r.p50)),
        p99: median(runs.map((r) => r.p99)),
        errors: runs.reduce((sum, r) => sum + r.errors, 0),
        cpuUs: median(runs.map((r) => r.cpuUs)),
      };
    });
    const ceiling = summary[0].rps;
    const withShadow = summary[3];
    const rows = summary.map(
      (s) =>
        `| ${s.name} | ${s.rps.toFixed(0)} | ${((s.rps / ceiling) * 100).toFixed(0)}% | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.cpuUs.toFixed(0)} | ${((summary[0].cpuUs / s.cpuUs) * 100).toFixed(0)}% | ${s.errors} |`,
    );
    // Latency at a fixed offered load below saturation: at full blast every extra CPU cycle
    // shows as latency on 2 cores, which measures the machine, not the mirroring.
    const fixedRate = FIXED_RATE;
    const fixed = { alone: [] as number[], shadow: [] as number[] };
    const p50At = async (port: number) =>
      (await latencyAtRate(url(port), body, fixedRate, FIXED_SECONDS)).p50;
    for (let run = 0; run < FIXED_RUNS; run++) {
      // Alternating which goes first, so a drift in the neighbours' load favours neither.
      if (run % 2 === 0) {
        fixed.alone.push(await p50At(ports.gateway));
        fixed.shadow.push(await p50At(ports.gatewayShadow));
      } else {
        fixed.shadow.push(await p50At(ports.gatewayShadow));
        fixed.alone.push(await p50At(ports.gateway));
      }
    }
    const fixedAlone = median(fixed.alone);
    const fixedShadow = median(fixed.shadow);
    const perPair = fixed.shadow.map((shadowP50, i) => (shadowP50 - fixed.alone[i]) / fixed.alone[i]);
    const p50Added = median(perPair);
    const percent = (ratio: number) => `${ratio >= 0 ? '+' : ''}${(ratio * 100).toFixed(0)}%`;
    return [
      '## Serving throughput (32 connections)',
      '',
      `autocannon, ${CONNECTIONS} connections, ${SECONDS} s per run, ${RUNS} interleaved runs per target after a warm-up; median shown. Every server runs in its own process; the load generator shares the 2 cores with them, as a client on the same workstation would. Body: one credit-risk record (14 fields).`,
      '',
      '| target | requests/s | of ceiling | p50 ms | p99 ms | CPU µs / request | of ceiling by CPU | errors |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      `- Model service: ${((summary[1].rps / ceiling) * 100).toFixed(0)}% of the ceiling (goal ≥ 50%).`,
      `- Gateway with a shadow: ${((withShadow.rps / ceiling) * 100).toFixed(0)}% of the ceiling (goal ≥ 25%); without: ${((summary[2].rps / ceiling) * 100).toFixed(0)}%. The gateway can go no faster than the champion behind it: gateway / model service alone = ${((summary[2].rps / summary[1].rps) * 100).toFixed(0)}% (${((withShadow.rps / summary[1].rps) * 100).toFixed(0)}% with a shadow).`,
      '- CPU µs / request: the CPU time (user + system) of every process on the path — the load generator, the gateway, the champion, the shadow — over the requests served; "of ceiling by CPU" is the ceiling\'s CPU per request over the target\'s, the throughput ratio the 2 cores would allow with nothing else running.',
      `- At a fixed ${FIXED_RATE} requests/s (open loop, ${FIXED_RUNS} interleaved pairs of ${FIXED_SECONDS} s), the gateway's p50 is ${fixedAlone.toFixed(2)} ms alone and ${fixedShadow.toFixed(2)} ms with a shadow mirrored; the median of the pairs' differences is ${percent(p50Added)} (goal ≤ 10%). Per pair: ${perPair.map(percent).join(', ')}.`,
      `- How the champion was reached under full load with a shadow: ${championLoad.requests.toFixed(0)} requests for ${championLoad.records.toFixed(0)} predictions (${(championLoad.records / Math.max(championLoad.requests, 1)).toFixed(1)} per request), the shadow ${shadowLoad.requests.toFixed(0)} for ${shadowLoad.records.toFixed(0)} (${(shadowLoad.records / Math.max(shadowLoad.requests, 1)).toFixed(1)}). Both prediction routes of the services and of the gateway are answered on bare node:http before Fastify (same validation, same answers, Fastify for everything else); the gateway sends the single predictions that arrive in one turn of its event loop to the champion as one /batch_predict and splits the answer (dynamic batching; a lone request goes alone), and mirrors wait up to 5 ms to go to the shadow together.`,
      '- For scale: a Python FastAPI + scikit-learn scoring server does about 700 requests/s on this machine; the seed asks for < 100 ms and 20+ QPS.',
      '',
    ].join('\n');
  } finally {
    for (const child of children) await stop(child);
    await rm(dir, { recursive: true, force: true });
  }
}
