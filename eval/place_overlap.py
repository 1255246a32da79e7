#!/usr/bin/env python3
"""Places that come from a span the record types PER or ORG.

  python3 eval/place_overlap.py --bin build/newsgraph DIR_OR_JSONL... [--show N]
  python3 eval/place_overlap.py --records FILE.jsonl...   (records already extracted)

Runs `newsgraph extract` on each input (a directory of pages or a JSON Lines
file) and counts, over every record, the place mentions (`places[].mentions`)
whose span overlaps a mention of an entity of type PER or ORG (`entities`).
Such a mention is one of two kinds:
  - nested: the place mention is marked with the organisation whose name holds
    it (`"org": <entity id>`, "University of Kentucky"); the documented class;
  - conflict: anything else: the record says both "place" and "person" or
    "organisation" of the same words. Should be 0.
Exit status 1 when some conflict is found (so a test can use it).
Called by eval/places.py on the eval corpora's records (places_*_conflicts).
"""
import argparse
import json
import os
import subprocess
import sys


def overlaps_in(rec):
    """(conflicts, nested) of one record: lists of (place mention, entity type, entity mention)."""
    spans = []
    for e in rec.get('entities', []):
        if e.get('type') not in ('PER', 'ORG'):
            continue
        for m in e.get('mentions', []):
            spans.append((m['start'], m['end'], e['type'], m['text'], e['id']))
    spans.sort()
    conflicts, nested = [], []
    for p in rec.get('places', []):
        for m in p.get('mentions', []):
            for s, e, typ, text, eid in spans:
                if s >= m['end']:
                    break
                if e <= m['start']:
                    continue
                row = (m['text'], p['name'], typ, text)
                if m.get('org') == eid and typ == 'ORG':
                    nested.append(row)
                else:
                    conflicts.append(row)
                break
    return conflicts, nested


def count_records(records):
    """Totals over records: dict with place mentions, conflicts and nested, and the conflict rows."""
    n_mentions = 0
    conflicts, nested = [], []
    for r in records:
        n_mentions += sum(len(p.get('mentions', [])) for p in r.get('places', []))
        c, n = overlaps_in(r)
        conflicts += c
        nested += n
    return {'place_mentions': n_mentions, 'conflicts': len(conflicts), 'nested': len(nested)}, conflicts, nested


def extract(binary, path):
    p = subprocess.run([binary, 'extract', '--quiet', path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=3600)
    return [json.loads(line) for line in p.stdout.decode('utf-8', 'replace').split('\n') if line.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--bin', default='build/newsgraph')
    ap.add_argument('--records', action='store_true', help='the inputs are extracted records, not articles')
    ap.add_argument('--show', type=int, default=20, help='print this many conflicts')
    ap.add_argument('inputs', nargs='+')
    args = ap.parse_args()
    records = []
    for path in args.inputs:
        if args.records:
            with open(path, encoding='utf-8') as f:
                records += [json.loads(line) for line in f if line.strip()]
        else:
            records += extract(args.bin, path)
    totals, conflicts, nested = count_records(records)
    print('%d records, %d place mentions: %d overlap a PER/ORG entity mention without being marked, '
          '%d are marked as part of an organisation name' %
          (len(records), totals['place_mentions'], totals['conflicts'], totals['nested']))
    for row in conflicts[:args.show]:
        print('  conflict: %r -> %s, inside %s %r' % row)
    return 1 if conflicts else 0


if __name__ == '__main__':
    sys.exit(main())
