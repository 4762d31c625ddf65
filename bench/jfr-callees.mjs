// What a method spends its samples on: for every execution sample with <method> on its stack, the frame it
// called (its direct callee), counted, and the samples where it was itself running. Read a recording with
// `jfr print --json --events jdk.ExecutionSample --stack-depth 64 rec.jfr > exec.json`, then
// node bench/jfr-callees.mjs exec.json dev.herald.token.TokenService.verify [more methods...]
import { readFileSync } from 'node:fs';

const [file, ...methods] = process.argv.slice(2);
const events = JSON.parse(readFileSync(file, 'utf8')).recording.events.filter((e) => e.type === 'jdk.ExecutionSample');
const name = (fr) => `${fr.method.type.name.replaceAll('/', '.')}.${fr.method.name}`;
for (const method of methods) {
  const callees = new Map();
  let total = 0;
  for (const e of events) {
    const names = (e.values.stackTrace?.frames || []).map(name);
    const at = names.indexOf(method); // frames run from the top (running) frame down
    if (at < 0) continue;
    total++;
    const callee = at === 0 ? '(self)' : names[at - 1];
    callees.set(callee, (callees.get(callee) || 0) + 1);
  }
  console.log(`\n## ${method}: ${total} of ${events.length} samples (${(100 * total / events.length).toFixed(1)} %)`);
  for (const [k, v] of [...callees].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
    console.log(`${(100 * v / events.length).toFixed(1).padStart(5)} %  ${k}`);
  }
}
