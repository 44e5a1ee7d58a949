"""Best and median of the measured iterations of a JMH JSON result, per benchmark and PDU: on a
shared machine the best one-second iteration is the closest to a quiet one."""
import json, statistics, sys

for path in sys.argv[1:]:
    for r in json.load(open(path)):
        name = r['benchmark'].split('.')[-1]
        ops = [x for fork in r['primaryMetric']['rawData'] for x in fork]
        cpu = [x for fork in r['secondaryMetrics'].get('cpu.time.norm', {}).get('rawData', [[0]]) for x in fork]
        alloc = r['secondaryMetrics'].get('gc.alloc.rate.norm', {}).get('score', float('nan'))
        print(f"{path:40} {name:24} {r['params']['pdu']:14} ops/s best {max(ops) / 1e6:6.2f} M "
              f"med {statistics.median(ops) / 1e6:6.2f} M | CPU ns/op best {min(cpu):6.1f} "
              f"med {statistics.median(cpu):6.1f} | {alloc:.0f} B/op")
