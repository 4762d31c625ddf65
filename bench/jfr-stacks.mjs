// Aggregates JFR execution samples (`jfr print --json --events jdk.ExecutionSample`) by method:
// self (top frame) and inclusive (anywhere on the stack), and self time by package.
// node bench/jfr-stacks.mjs samples.json
import { readFileSync } from 'node:fs';

const events = JSON.parse(readFileSync(process.argv[2], 'utf8')).recording.events;
const self = new Map();
const inclusive = new Map();
const byPackage = new Map();
const add = (m, k) => m.set(k, (m.get(k) || 0) + 1);
for (const e of events) {
  const frames = e.values.stackTrace?.frames || [];
  if (!frames.length) continue;
  const names = frames.map((fr) => `${fr.method.type.name}.${fr.method.name}`);
  add(self, names[0]);
  for (const n of new Set(names)) add(inclusive, n);
  add(byPackage, frames[0].method.type.name.split('.').slice(0, 3).join('.'));
}
const total = events.length;
const top = (m, n, title) => {
  console.log(`\n### ${title} (${total} samples)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(100 * v / total).toFixed(1).padStart(5)} %  ${String(v).padStart(6)}  ${k}`);
  }
};
top(self, 30, 'self: the method running when sampled');
top(byPackage, 20, 'self by package');
top(inclusive, 60, 'inclusive: the method anywhere on the stack');
