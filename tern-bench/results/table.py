import json, sys
def load(path):
    out = {}
    for r in json.load(open(path)):
        name = r['benchmark'].split('.')[-1]; pdu = r['params']['pdu']
        pm = r['primaryMetric']; sm = r['secondaryMetrics']
        out[(name, pdu)] = dict(ops=pm['score'], err=pm['scoreError'],
            bop=sm['gc.alloc.rate.norm']['score'],
            cpu=sm.get('cpu.time.norm', {}).get('score'), cpuerr=sm.get('cpu.time.norm', {}).get('scoreError'))
    return out
def fmt_ops(x): return f"{x['ops']/1e6:.2f} ± {x['err']/1e6:.2f} M"
def fmt_b(x): return f"{x['bop']:.0f}"
def fmt_cpu(x): return f"{x['cpu']:.0f} ± {x['cpuerr']:.0f}" if x['cpu'] is not None else "–"
after = load(sys.argv[1])
before = load(sys.argv[2]) if len(sys.argv) > 2 else {}
pdus = ['submit_sm', 'deliver_sm', 'submit_sm_resp']
print("| PDU | operation | Tern variant | Tern ops/s | Tern CPU ns/op | Tern B/op | Cloudhopper ops/s | Cloudhopper CPU ns/op | Cloudhopper B/op | throughput ratio | CPU-time ratio |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for pdu in pdus:
    for op, variants, ch in [('decode', ['decodeTernDirect', 'decodeTern'], 'decodeCloudhopper'), ('encode', ['encodeTernReused', 'encodeTernReusedDirect', 'encodeTernFresh'], 'encodeCloudhopper')]:
        if (ch, pdu) not in after:
            continue  # a run of only some of the benchmarks
        c = after[(ch, pdu)]
        for v in variants:
            if (v, pdu) not in after:
                continue
            t = after[(v, pdu)]
            label = {'decodeTernDirect':'frame in pooled direct buffer','decodeTern':'frame in heap buffer','encodeTernReused':'reused pooled heap buffer','encodeTernReusedDirect':'reused pooled direct buffer','encodeTernFresh':'fresh unpooled heap buffer per op'}[v]
            print(f"| {pdu} | {op} | {label} | {fmt_ops(t)} | {fmt_cpu(t)} | {fmt_b(t)} | {fmt_ops(c)} | {fmt_cpu(c)} | {fmt_b(c)} | {t['ops']/c['ops']:.2f}× | {c['cpu']/t['cpu']:.2f}× |")
if before:
    print()
    print("| PDU | benchmark | before ops/s | before CPU ns/op | before B/op | after ops/s | after CPU ns/op | after B/op |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for pdu in pdus:
        for v in ['decodeTern', 'encodeTernReused', 'encodeTernFresh']:
            b = before.get((v, pdu)); a = after[(v, pdu)]
            if b: print(f"| {pdu} | {v} | {fmt_ops(b)} | {fmt_cpu(b)} | {fmt_b(b)} | {fmt_ops(a)} | {fmt_cpu(a)} | {fmt_b(a)} |")
