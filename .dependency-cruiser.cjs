/**
 * The dependency direction of src/, checked by `npm run deps` (and in CI): folders are layers, a
 * module may import its own folder and the layers below it, never one above, and no module cycle
 * is allowed anywhere. The layers are listed in the README's layout section.
 */
const LAYERS = [
  ['core', 'format'], // errors, JSON reading, field validators, guards; text formatting
  ['system', 'measure'], // host specs; pure statistics
  ['workloads'], // the cryptography timed inside workers
  ['pool'], // the piscina pool of primitive measurements
  ['results'], // the result-file contract: schema, reader, writer, merge, case ids
  ['scenario'], // scenario files and the CaseKind contract, generic over kinds
  ['primitive', 'consensus'], // the kinds of case
  ['qualify'], // the qualification kind: host checks against chains' profiles, on the primitive harness
  ['kinds'], // the list of kinds
  ['run'], // the loop over planned cases, pools, the result sink
  ['compare'], // cases of several files aligned, the CI gate
  ['report'], // exporters
  ['publish'], // results sent to servers operators run (Pushgateway)
  ['ceiling'], // openssl speed against every backend
  ['cli'], // yargs commands: parse, call, print
];

const folders = (list) => `^src/(${list.join('|')})/`;
const upward = LAYERS.flatMap((layer, i) => {
  const above = LAYERS.slice(i + 1).flat();
  return above.length === 0
    ? []
    : [
        {
          name: `no-upward-from-${layer.join('-')}`,
          severity: 'error',
          comment: `${layer.join(', ')} may not import a higher layer`,
          from: { path: folders(layer) },
          to: { path: folders(above) },
        },
      ];
});
// Folders of one layer are independent of each other, so no two folders can form a cycle.
const siblings = LAYERS.filter((l) => l.length > 1).flatMap((layer) =>
  layer.map((f) => ({
    name: `no-sibling-from-${f}`,
    severity: 'error',
    comment: `${f} may not import the other folders of its layer`,
    from: { path: folders([f]) },
    to: { path: folders(layer.filter((g) => g !== f)) },
  })),
);

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'no module cycles', from: {}, to: { circular: true } },
    {
      name: 'known-layer',
      severity: 'error',
      comment: 'every folder of src/ belongs to a layer',
      from: { path: '^src/', pathNot: [folders(LAYERS.flat())] },
      to: {},
    },
    ...upward,
    ...siblings,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};
