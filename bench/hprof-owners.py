#!/usr/bin/env python3
"""Who holds what in a heap dump (HPROF, 64-bit ids), per connection.

    bench/hprof-owners.py <dump.hprof> <connections>

Prints, divided by <connections>: primitive arrays by the field that holds them (Owner.field), the arrays
inside Strings and heap buffers by the field that holds the String or buffer, and instances of common
small classes (maps, locks, addresses, strings) by the field that holds them. "The field that holds" is the
first reference met in the dump, which for objects owned by one connection is their owner. Take the dump
with `jcmd <pid> GC.heap_dump <file>` while the connections are held (bench/CAPACITY.md, fourth round)."""
import struct, sys, collections
path = sys.argv[1]
per = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
data = open(path, 'rb').read()
p = data.index(b'\0') + 1
idsz = struct.unpack_from('>I', data, p)[0]; p += 4 + 8
assert idsz == 8
u8 = struct.Struct('>Q').unpack_from; u4 = struct.Struct('>I').unpack_from; u2 = struct.Struct('>H').unpack_from
TS = {2: 8, 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
names = {}; classname = {}; classes = {}  # class id -> (super, [(name, type)])
prim = {}   # array id -> (kind, bytes)
inst = []   # (id, class, offset, len)
objarr = [] # (id, class, offset, n)
segs = []
while p < len(data):
    tag = data[p]; ln = u4(data, p + 5)[0]; b = p + 9; p = b + ln
    if tag == 0x01: names[u8(data, b)[0]] = data[b + 8:b + ln].decode('utf-8', 'replace')
    elif tag == 0x02: classname[u8(data, b + 4)[0]] = u8(data, b + 16)[0]
    elif tag in (0x0C, 0x1C): segs.append((b, b + ln))
for (s, e) in segs:
    q = s
    while q < e:
        t = data[q]; q += 1
        if t == 0xFF: q += 8
        elif t == 0x01: q += 16
        elif t in (0x02, 0x03): q += 16
        elif t in (0x04, 0x06): q += 12
        elif t in (0x05, 0x07): q += 8
        elif t == 0x08: q += 16
        elif t == 0x20:
            cid = u8(data, q)[0]; sup = u8(data, q + 12)[0]; q += 8 + 4 + 8 * 6 + 4
            n = u2(data, q)[0]; q += 2
            for _ in range(n):
                ty = data[q + 2]; q += 3 + TS[ty]
            n = u2(data, q)[0]; q += 2
            for _ in range(n):
                ty = data[q + 8]; q += 9 + TS[ty]
            n = u2(data, q)[0]; q += 2
            fl = []
            for _ in range(n):
                fl.append((u8(data, q)[0], data[q + 8])); q += 9
            classes[cid] = (sup, fl)
        elif t == 0x21:
            oid = u8(data, q)[0]; cid = u8(data, q + 12)[0]; nb = u4(data, q + 20)[0]
            inst.append((oid, cid, q + 24, nb)); q += 24 + nb
        elif t == 0x22:
            oid = u8(data, q)[0]; n = u4(data, q + 12)[0]; cid = u8(data, q + 16)[0]
            objarr.append((oid, cid, q + 24, n)); q += 24 + 8 * n
        elif t == 0x23:
            oid = u8(data, q)[0]; n = u4(data, q + 12)[0]; ty = data[q + 16]
            prim[oid] = ({8: 'byte[]', 5: 'char[]', 10: 'int[]', 11: 'long[]'}.get(ty, 'prim%d' % ty), 16 + n * TS[ty])
            q += 17 + n * TS[ty]
        else: raise Exception('tag %x at %d' % (t, q))
def cname(cid): return names.get(classname.get(cid), '?%x' % cid).replace('/', '.')
layout = {}
def fields(cid):
    if cid in layout: return layout[cid]
    out = []; c = cid
    while c and c in classes:
        sup, fl = classes[c]
        out.extend((names.get(n, '?'), ty, cname(c)) for n, ty in fl)
        c = sup
    layout[cid] = out; return out
HOLDERS = ('java.lang.String', 'java.nio.HeapByteBuffer', 'java.nio.HeapCharBuffer')
clsof = {}
owner = {}  # referenced id -> "Owner.field"
for oid, cid, off, nb in inst:
    clsof[oid] = cid
    o = off; cn = cname(cid)
    for fname, ty, decl in fields(cid):
        if ty == 2:
            r = u8(data, o)[0]
            if r and r not in owner: owner[r] = cn + '.' + fname
        o += TS[ty]
for oid, cid, off, n in objarr:
    cn = cname(cid)
    for i in range(n):
        r = u8(data, off + 8 * i)[0]
        if r and r not in owner: owner[r] = cn + '[]'
agg = collections.Counter(); cnt = collections.Counter()
for aid, (kind, size) in prim.items():
    o = owner.get(aid, '<none>')
    agg[(kind, o)] += size; cnt[(kind, o)] += 1
# second level for arrays held by Strings/buffers
back = {}
for oid, cid, off, nb in inst:
    if cname(cid) in HOLDERS:
        o = off
        for fname, ty, decl in fields(cid):
            if ty == 2 and fname in ('value', 'hb'):
                r = u8(data, o)[0]
                if r in prim: back[r] = oid
            o += TS[ty]
agg2 = collections.Counter(); cnt2 = collections.Counter()
for aid, hid in back.items():
    k = (prim[aid][0], cname(clsof[hid]) + ' held by ' + owner.get(hid, '<none>'))
    agg2[k] += prim[aid][1]; cnt2[k] += 1
print('# arrays by direct owner: bytes/%g, count/%g' % (per, per))
for k, v in agg.most_common(45): print('%9.1f %7.2f  %s  %s' % (v / per, cnt[k] / per, k[0], k[1]))
print('# arrays held by String/HeapByteBuffer/HeapCharBuffer, by the holder\'s owner')
for k, v in agg2.most_common(45): print('%9.1f %7.2f  %s  %s' % (v / per, cnt2[k] / per, k[0], k[1]))
WATCH = {'java.util.concurrent.ConcurrentHashMap', 'java.util.HashMap', 'java.util.concurrent.locks.ReentrantLock',
         'java.net.InetSocketAddress', 'java.lang.String', 'java.util.concurrent.Semaphore', 'java.util.ArrayList',
         'java.util.concurrent.atomic.AtomicBoolean', 'java.lang.Object', 'java.net.URI', 'java.util.Collections$UnmodifiableMap',
         'org.apache.juli.logging.DirectJDKLog', 'java.util.concurrent.atomic.AtomicReference', 'java.lang.Long',
         'sun.nio.cs.UTF_8$Decoder', 'java.util.LinkedHashMap', 'java.util.concurrent.LinkedBlockingDeque'}
w = collections.Counter()
for oid, cid, off, nb in inst:
    cn = cname(cid)
    if cn in WATCH: w[(cn, owner.get(oid, '<none>'))] += 1
print('# watched instances by owner: count/%g' % per)
for k, v in w.most_common(80):
    if v / per >= 0.5: print('%7.2f  %s  <-  %s' % (v / per, k[0], k[1]))
