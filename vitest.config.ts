import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that need no build: they import src/ directly and start no CLI process, worker pool
 * or browser, so they run on a fresh clone (`npm run test:unit`) and in parallel. A new test file
 * joins the integration project until it is listed here.
 */
const UNIT = [
  'test/compare/compare-md-machines.test.ts',
  'test/compare/compare.test.ts',
  'test/compare/gate.test.ts',
  'test/compare/metrics.test.ts',
  'test/compare/qualification.test.ts',
  'test/compare/verdict.test.ts',
  'test/consensus/calibration.test.ts',
  'test/consensus/faults.test.ts',
  'test/consensus/geo-network.test.ts',
  'test/consensus/geo-result-file.test.ts',
  'test/consensus/latency-table.test.ts',
  'test/consensus/message-counts.test.ts',
  'test/consensus/network-links.test.ts',
  'test/consensus/network-model.test.ts',
  'test/consensus/opaque-commands.test.ts',
  'test/consensus/pipelined.test.ts',
  'test/consensus/protocols.test.ts',
  'test/consensus/published-scenario.test.ts',
  'test/consensus/replay-cores.test.ts',
  'test/consensus/replay-pipeline.test.ts',
  'test/consensus/result-file.test.ts',
  'test/consensus/rules.test.ts',
  'test/consensus/scaling.test.ts',
  'test/consensus/scenario.test.ts',
  'test/consensus/validator-cores.test.ts',
  'test/core/json-structure.test.ts',
  'test/format/printable.test.ts',
  'test/format/table.test.ts',
  'test/format/tables.test.ts',
  'test/measure/mannwhitney.test.ts',
  'test/measure/stats.test.ts',
  'test/primitive/aggregate.test.ts',
  'test/primitive/first-failure.test.ts',
  'test/qualify/disk-dir.test.ts',
  'test/workloads/copy.test.ts',
  'test/qualify/fio-output.test.ts',
  'test/qualify/host.test.ts',
  'test/qualify/profile.test.ts',
  'test/qualify/summary.test.ts',
  'test/qualify/units.test.ts',
  'test/qualify/verdict.test.ts',
  'test/report/bencher.test.ts',
  'test/report/escaping.test.ts',
  'test/report/exporters.test.ts',
  'test/report/gab.test.ts',
  'test/report/headline.test.ts',
  'test/report/html-escaping.test.ts',
  'test/report/intervals.test.ts',
  'test/report/openmetrics-valid.test.ts',
  'test/report/prometheus-format.test.ts',
  'test/publish/pushgateway.test.ts',
  'test/report/otava.test.ts',
  'test/report/qualification-csv.test.ts',
  'test/report/qualification-html.test.ts',
  'test/report/qualification-md.test.ts',
  'test/report/qualification-text.test.ts',
  'test/report/terminal-tables.test.ts',
  'test/results/merge.test.ts',
  'test/results/qualification-reader.test.ts',
  'test/results/reader.test.ts',
  'test/robustness/fuzz.test.ts',
  'test/scenario/validation.test.ts',
  'test/workloads/aggregate-op.test.ts',
  'test/workloads/merkle.test.ts',
  'test/workloads/native-backends.test.ts',
  'test/workloads/vectors.test.ts',
];

export default defineConfig({
  test: {
    // Every test file removes the temp dirs it made (test/helpers.ts tempDir).
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT,
          // Runs first, in parallel (its own temp dirs only); the integration files follow, one at a time.
          // One worker per CPU: vitest's default for `run` is one fewer, which on a 2-core machine is
          // one, and ran these files one after the other.
          maxWorkers: '100%',
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT],
          // Worker-pool and CLI tests spawn threads and processes; on a 2-core machine run files one at a time.
          fileParallelism: false,
          // Within a file, a `describe.concurrent` block runs two tests at a time: each mostly waits on
          // one CLI process that keeps one core busy.
          maxConcurrency: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
