import type { BenchResult } from '../bench-result';
import type { PhaseResult } from './load';

/** What one kios configuration did at its peak (and, for the default one, at half of it). */
export interface KiosFigures {
  label: string;
  peak: PhaseResult;
  halfRate?: PhaseResult;
  /** Busy time of the process's main thread (the request thread) per order at the peak, µs. */
  mainThreadUsPerOrder: number;
  /** CPU time per order at the peak, µs, of all the request process's threads and of the worker process. */
  cpuUsPerOrder: { api: number; worker: number };
  /** SQL statements the request process's event store ran per order at the peak, its writer's and its reads'. */
  statementsPerOrder: { writer: number; reads: number };
  appendsPerCommit: number;
  pendingOrders: number;
  callbacks: Record<string, number>;
}

/** What a verify+sign server did at its peak. */
export interface SigningServerFigures {
  peak: PhaseResult;
  /** Busy time of its main thread per answer, µs. */
  mainThreadUsPerAnswer: number;
  /** CPU time of its process per answer, all threads, µs. */
  cpuUsPerAnswer: number;
}

/** One run of `npm run bench -- create-order`: kios's three configurations, the two servers, RSA's ceiling. */
export interface CreateOrderRun {
  full: KiosFigures;
  normal: KiosFigures;
  apart: KiosFigures;
  /** The bare node:http server. */
  bare: SigningServerFigures;
  /** The same work on kios's stack (Nest, class-validator, @nestjs/cqrs). */
  nest: SigningServerFigures;
  /** RSA-2048 sign+verify pairs a second on both cores. */
  ceiling: number;
}

/** The run's figures as the bench prints them, each beside the baseline it is judged by. */
export function createOrderResults(
  { full, normal, apart, bare, nest, ceiling }: CreateOrderRun,
  pendingEvery: number,
  goalRatio: number,
): BenchResult[] {
  const perOperationMs = 1000 / (ceiling / 2);
  const bareBaseline = { name: 'bare verify+sign server, same load', value: bare.peak.perSecond };
  const bareThread = { name: 'bare server main thread per answer (µs)', value: bare.mainThreadUsPerAnswer };

  return [
    {
      name: 'A bare node:http server that only verifies and signs (the most any Node server reaches here)',
      value: bare.peak.perSecond,
      unit: 'answers/s',
      baseline: { name: 'RSA-2048 sign+verify on both cores', value: ceiling },
      ratio: bare.peak.perSecond / ceiling,
    },
    {
      name:
        "The same verify and sign through kios's stack, nothing stored: Nest on fastify, class-validator, " +
        '@nestjs/cqrs (the most kios reaches keeping them)',
      value: nest.peak.perSecond,
      unit: 'answers/s',
      baseline: bareBaseline,
      ratio: nest.peak.perSecond / bare.peak.perSecond,
    },
    {
      name: "Main-thread busy µs per answer of the verify+sign server on kios's stack",
      value: nest.mainThreadUsPerAnswer,
      unit: 'µs',
      baseline: bareThread,
      ratio: nest.mainThreadUsPerAnswer / bare.mainThreadUsPerAnswer,
    },
    {
      name: `Create Order throughput, ${full.label}, against the verify+sign server on kios's stack`,
      value: full.peak.perSecond,
      unit: 'orders/s',
      baseline: { name: "verify+sign server on kios's stack, same load", value: nest.peak.perSecond },
      ratio: full.peak.perSecond / nest.peak.perSecond,
    },
    ...[full, normal, apart].flatMap((figures): BenchResult[] => [
      {
        name: `Create Order throughput, ${figures.label} (1 in ${pendingEvery} PENDING, callbacks flowing)`,
        value: figures.peak.perSecond,
        unit: 'orders/s',
        baseline: bareBaseline,
        ratio: figures.peak.perSecond / bare.peak.perSecond,
        goal: `≥ ${goalRatio}× the bare server`,
      },
      {
        name: `Main-thread busy µs per order, ${figures.label}`,
        value: figures.mainThreadUsPerOrder,
        unit: 'µs',
        baseline: bareThread,
        ratio: figures.mainThreadUsPerOrder / bare.mainThreadUsPerAnswer,
      },
      {
        name: `CPU µs per order, all threads of the request process, ${figures.label}; the worker process ${Math.round(figures.cpuUsPerOrder.worker)} µs`,
        value: figures.cpuUsPerOrder.api,
        unit: 'µs',
        baseline: { name: 'bare server process per answer (µs)', value: bare.cpuUsPerAnswer },
        ratio: figures.cpuUsPerOrder.api / bare.cpuUsPerAnswer,
      },
      {
        name: `SQL statements per order in the request process's event store writer, ${figures.label}; its reads ${round(figures.statementsPerOrder.reads)}, appends per commit ${round(figures.appendsPerCommit)}`,
        value: figures.statementsPerOrder.writer,
        unit: 'statements',
        baseline: { name: 'appends per commit', value: figures.appendsPerCommit },
        ratio: figures.statementsPerOrder.writer / figures.appendsPerCommit,
      },
      {
        name: `Callbacks received by dana-sim for the PENDING orders, ${figures.label}: ${describeCounts(figures.callbacks)}`,
        value: figures.callbacks.SUCCESS ?? 0,
        unit: 'callbacks',
        baseline: { name: 'orders answered PENDING', value: figures.pendingOrders },
        ratio: (figures.callbacks.SUCCESS ?? 0) / figures.pendingOrders,
        goal: '1.00× (every one called back)',
      },
    ]),
    {
      name: 'Create Order p50 latency at peak, role all',
      value: full.peak.p50,
      unit: 'ms',
      baseline: { name: 'one RSA-2048 sign+verify (ms)', value: perOperationMs },
      ratio: full.peak.p50 / perOperationMs,
    },
    {
      name: 'Create Order p99 latency at peak, role all',
      value: full.peak.p99,
      unit: 'ms',
      baseline: { name: 'one RSA-2048 sign+verify (ms)', value: perOperationMs },
      ratio: full.peak.p99 / perOperationMs,
    },
    {
      name: `Create Order p99 latency at half the peak rate (${Math.round(full.peak.perSecond / 2)}/s, open loop), role all`,
      value: full.halfRate!.p99,
      unit: 'ms',
      baseline: { name: 'goal (ms)', value: 100 },
      ratio: full.halfRate!.p99 / 100,
      goal: 'under 100 ms',
    },
    {
      name: 'Create Order p50 latency at half the peak rate, role all',
      value: full.halfRate!.p50,
      unit: 'ms',
      baseline: { name: 'goal for p99 (ms)', value: 100 },
      ratio: full.halfRate!.p50 / 100,
    },
  ];
}

export const describeCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ') || 'none';

const round = (value: number) => Math.round(value * 100) / 100;
