// Aggregates a JFR recording printed as JSON (`jfr print --json --events
// jdk.ExecutionSample,jdk.NativeMethodSample,jdk.ObjectAllocationSample,jdk.ThreadCPULoad`):
// CPU per thread group (user and system, from ThreadCPULoad), execution samples by method (self and
// inclusive), native samples by method, and allocation samples by site (top three frames, by weight).
// node bench/jfr-stacks.mjs events.json [more.json ...] (one file per event type keeps each under Node's string limit)
import { readFileSync } from 'node:fs';

const events = process.argv.slice(2).flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).recording.events);
const add = (m, k, w = 1) => m.set(k, (m.get(k) || 0) + w);
const frameName = (fr) => `${fr.method.type.name.replaceAll('/', '.')}.${fr.method.name}`;
const group = (name) => (name || '?').replace(/[-#]?\d+$/, '').replace(/\d+/g, 'N');
const top = (m, n, title, total, unit = 'samples') => {
  console.log(`\n### ${title} (${unit === 'samples' ? `${total} samples` : `${(total / 1e6).toFixed(0)} MB sampled`})`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(100 * v / total).toFixed(1).padStart(5)} %  ${k}`);
  }
};

const execSelf = new Map(), execIncl = new Map(), execThreads = new Map();
const nativeSelf = new Map(), nativeParent = new Map();
const allocSite = new Map(), allocClass = new Map();
const cpu = new Map(); // group -> {user, system, n}
let execTotal = 0, nativeTotal = 0, allocTotal = 0;
for (const e of events) {
  const v = e.values;
  const frames = v.stackTrace?.frames || [];
  if (e.type === 'jdk.ExecutionSample' && frames.length) {
    execTotal++;
    const names = frames.map(frameName);
    add(execSelf, names[0]);
    for (const n of new Set(names)) add(execIncl, n);
    add(execThreads, group(v.sampledThread?.javaName));
  } else if (e.type === 'jdk.NativeMethodSample' && frames.length) {
    // threads parked in a wait (epoll, accept, park) are not using the CPU: only count the others
    if (/EPoll\.wait|\.accept|Unsafe\.park|Object\.wait|Thread\.sleep|\.poll0|SocketDispatcher\.read/.test(frameName(frames[0]))) continue;
    nativeTotal++;
    add(nativeSelf, frameName(frames[0]));
    const firstNonJdk = frames.find((fr) => !/^(java|sun|jdk)[./]/.test(fr.method.type.name));
    add(nativeParent, `${frameName(frames[0])} <- ${firstNonJdk ? frameName(firstNonJdk) : '?'} [${group(v.sampledThread?.javaName)}]`);
  } else if (e.type === 'jdk.ObjectAllocationSample') {
    const w = Number(v.weight) || 0;
    allocTotal += w;
    add(allocClass, (v.objectClass?.name || '?').replaceAll('/', '.'), w);
    add(allocSite, frames.slice(0, 3).map(frameName).join(' <- '), w);
  } else if (e.type === 'jdk.ThreadCPULoad') {
    const g = group(v.eventThread?.javaName);
    const c = cpu.get(g) || { user: 0, system: 0, n: 0 };
    c.user += Number(v.user) || 0;
    c.system += Number(v.system) || 0;
    cpu.set(g, c);
  }
}
// ThreadCPULoad is emitted per thread per period (10 s in "profile"): sum the loads of a group's threads per period
const periods = new Set(events.filter((e) => e.type === 'jdk.ThreadCPULoad').map((e) => e.values.startTime?.slice(0, 19))).size || 1;
console.log(`\n### CPU by thread group, from jdk.ThreadCPULoad (% of the CPUs the JVM sees: one core when pinned; averaged over ${periods} periods)`);
for (const [g, c] of [...cpu].sort((a, b) => (b[1].user + b[1].system) - (a[1].user + a[1].system)).slice(0, 15)) {
  console.log(`${(100 * c.user / periods).toFixed(1).padStart(6)} % user ${(100 * c.system / periods).toFixed(1).padStart(6)} % system  ${g}`);
}
top(execThreads, 10, 'execution samples by thread group', execTotal);
top(execSelf, 30, 'execution samples, self: the Java method running when sampled', execTotal);
top(execIncl, 70, 'execution samples, inclusive: the method anywhere on the stack', execTotal);
top(nativeSelf, 10, 'native method samples of threads not waiting (in a syscall such as write, or other native code)', nativeTotal);
top(nativeParent, 20, 'native method samples with their first non-JDK caller', nativeTotal);
top(allocClass, 20, 'allocation by class (ObjectAllocationSample weight)', allocTotal, 'bytes');
top(allocSite, 25, 'allocation by site (top three frames)', allocTotal, 'bytes');
