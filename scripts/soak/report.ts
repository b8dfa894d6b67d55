import { writeFileSync } from 'node:fs';
import type { FaultRecovery, Verdict } from './checker';
import type { FaultRun, PlannedFault } from './faults';

export interface SoakReport {
  ok: boolean;
  seed: number;
  seconds: number;
  subscribers: number;
  writesPerSecondPerProcess: number;
  loadAverage: number[];
  startedAt: string;
  durationSeconds: number;
  schedule: PlannedFault[];
  faults: FaultRun[];
  recoveries: FaultRecovery[];
  flagAboveMs: number;
  verdict: Pick<Verdict, 'ok' | 'counts' | 'failures'>;
  faultFailures: string[];
  writes: {
    total: number;
    acknowledged: number;
    retried: number;
    attempts: number;
    unanswered: number;
    rejected: string[];
    byOperation: Record<string, number>;
  };
  /** Each process's live feed head and open subscriptions over time (ms from the start of the load). */
  feedSamples: { at: number; process: string; head: number; subscriptions: number; poolWaiting: number }[];
  deliveries: number;
  errorResults: Record<string, number>;
  reconnects: number;
  closeCodes: Record<string, number>;
}

const seconds = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(2)} s`);

/** `<out>.json` (everything) and `<out>.md` (what a reader needs), from one run. */
export function writeReport(out: string, report: SoakReport): void {
  writeFileSync(`${out}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const counts = report.verdict.counts;
  const lines = [
    '# Fault soak',
    '',
    `One \`npm run soak -- --seconds ${report.seconds} --seed ${report.seed}\` (${report.startedAt}, ${report.durationSeconds} s in all, load average ${report.loadAverage.join(' / ')} on a shared 2-core machine): two server processes on one fresh PostgreSQL database behind a cuttable proxy, a private Redis, ${report.subscribers} subscriber streams and ${report.writesPerSecondPerProcess} writes/s started on each process. See scripts/soak/ for how, \`bench/soak.json\` for every number.`,
    '',
    `**Verdict: ${report.ok ? 'PASS' : 'FAIL'}**`,
    '',
    '| check | result |',
    '|---|---|',
    `| log entries (sequence 1..${counts.logEntries}), gaps | ${counts.logEntries}, ${counts.gaps} |`,
    `| acknowledged writes / missing from the log / at another sequence | ${counts.acknowledgedWrites} / ${counts.acknowledgedMissing} / ${counts.acknowledgedWrongSequence} |`,
    `| retried writes (same key) / keys with more than one entry | ${counts.retriedWrites} / ${counts.keysWithSeveralEntries} |`,
    `| deliveries / lost / duplicated / reordered / unexpected | ${report.deliveries} / ${counts.lost} / ${counts.duplicated} / ${counts.reordered} / ${counts.unexpected} |`,
    `| live results with errors instead of an entry | ${
      Object.entries(report.errorResults)
        .map(([code, n]) => `${code}: ${n}`)
        .join(', ') || 'none'
    } |`,
    `| writes started / acknowledged / unanswered at the end / refused | ${report.writes.total} / ${report.writes.acknowledged} / ${report.writes.unanswered} / ${report.writes.rejected.length} |`,
    `| subscriber reconnections; socket close codes | ${report.reconnects}; ${Object.entries(
      report.closeCodes,
    )
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ')} |`,
    '',
    `## Faults (recovery flagged above ${seconds(report.flagAboveMs)}: poll interval + reconnect backoff + 2 s; not gated)`,
    '',
    '| fault | target | writes in flight | longest delivery gap | time to recover | checks |',
    '|---|---|---|---|---|---|',
    ...report.faults.map((fault, index) => {
      const recovery = report.recoveries[index];
      const checks = fault.checks.map((check) => `${check.ok ? '✓' : '✗'} ${check.name} (${check.detail})`);
      return `| ${fault.kind} | ${fault.target} | ${fault.inFlight} | ${seconds(recovery.longestDeliveryGapMs)} | ${seconds(recovery.recoveryMs)}${recovery.flagged ? ` ⚑ (last: ${recovery.slowest})` : ''} | ${checks.join('; ') || '—'} |`;
    }),
    '',
    '## Schedule (seeded)',
    '',
    ...report.schedule.map(
      (fault) => `- +${(fault.at / 1000).toFixed(1)} s: ${fault.kind} (${fault.target})`,
    ),
    '',
  ];
  const failures = [...report.verdict.failures, ...report.faultFailures, ...report.writes.rejected];
  if (failures.length) lines.push('## Failures', '', ...failures.map((failure) => `- ${failure}`), '');
  writeFileSync(`${out}.md`, lines.join('\n'));
}
