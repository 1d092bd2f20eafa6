#!/usr/bin/env python3
"""Writes the seeds of fuzz_indexfile (fuzz/corpus/indexfile) for the index
format of the embargo it is given: a small index of look-alike names (most
of the index's paths: strips, joins, similar lists), the same index damaged
where the reader checks it (one field each, the checksum left as it was:
the fuzz target opens every input with the checksum skipped too), cut,
flipped and from another version, and the index of a test fixture.

usage: fuzz/gen_index_seeds.py BUILD/embargo [OUT_DIR]
Run it when the index format changes (IDX_VERSION in src/index/indexfile.c).
"""
import os, struct, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

GIVEN = ['Ivan', 'Ivana', 'Iwan', 'Ivanko']
FAMILY = ['Petrov', 'Petrova', 'Petrow', 'Petrof', 'Petrovic', 'Petrovsky', 'Petrenko', 'Petrosyan', 'Pietrov', 'Petrav']
ARABIC = ['Abdul Rahman Hadi', 'Abdulrahman Hadi', 'Abdurrahman Hadi', 'Abdel Rahman Hadi', 'Abdul Rahim Hadi',
          'Abd Al Rahman Hadi', 'Abdulrahim Hadi', 'Abdalrahman Hadi', 'Abdoul Rahman Hadi', 'Abdol Rahman Hadi']
SECOND = ['Nasser', 'Karim', 'Saleh', 'Omar', 'Yusuf', 'Zaid', 'Fares', 'Hamid', 'Jamal']
ORGS = ['Sun Science International LLC', 'Sun Sciences Intl Ltd', 'Rosoboronexport OAO', 'Bank Melli Iran',
        'Al Qaida in the Arabian Peninsula', 'Ghazi Trading Company', 'Qazi Trading Co']

# (file, section id, byte offset in the section, 32-bit value): the damage
# test_indexfile's structural_checks makes, one field each
DAMAGE = [
    ('bad_entity_names', 2, 12, 0xFFFFFF00), ('bad_sources', 5, 0, 0x7FFFFFFF), ('bad_token_str', 7, 0, 0xFFFFFFF0),
    ('bad_key_begin', 11, 8, 0xFFFFFFF0), ('bad_key_ntok', 11, 20, 0x7FFFFFFF), ('bad_posting', 13, 0, 0x7FFFFFFF),
    ('bad_card_off', 14, 4, 0x7FFFFFF0), ('bad_card_entity', 15, 0, 0x0FFFFFFF), ('bad_card_token', 15, 24, 0xFFFFFFFF),
    ('bad_strip_token', 16, 0, 0x7FFFFFF0), ('bad_strip_count', 16, 8, 0x7FFFFFF0),
    ('bad_strip_lengths', 16, 12, 0xFFFFFFFF), ('bad_join_posting', 17, 0, 0x7FFFFFFF),
    ('bad_sim_off', 18, 4, 0x7FFFFFF0), ('bad_sim_keys', 19, 0, 0x7FFFFFF0), ('bad_sim_records', 19, 12, 0x7FFFFFF0),
]


def csv_row(i, schema, name):
    f = [f'SEED-{i}', schema, name] + [''] * 9 + ['seed'] + ['2026-01-01T00:00:00'] * 3
    return ','.join('"' + x.replace('"', '""') + '"' for x in f)


def build(embargo, lst, out):
    subprocess.run([embargo, 'build', '--no-default-lists', '--list', lst, '-o', out], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return open(out, 'rb').read()


def section_offset(b, sid):
    n = struct.unpack_from('<I', b, 44)[0]
    for i in range(n):
        s, = struct.unpack_from('<I', b, 96 + 32 * i)
        if s == sid:
            return struct.unpack_from('<Q', b, 96 + 32 * i + 8)[0]
    raise SystemExit(f'gen_index_seeds: no section {sid}: is the format still the one this script knows?')


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    embargo = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, 'corpus', 'indexfile')
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        names = [f'{g} {f}' for g in GIVEN for f in FAMILY] + ARABIC
        names += [f'{a} {s}' for a in ('Abdul Rahman', 'Abdulrahman') for s in SECOND] + ORGS
        rows = ['"id","schema","name","aliases","birth_date","countries","addresses","identifiers","sanctions",'
                '"phones","emails","program_ids","dataset","first_seen","last_seen","last_change"']
        for i, n in enumerate(names, 1):
            rows.append(csv_row(i, 'Company' if n in ORGS else 'Person', n))
        lst = os.path.join(tmp, 'seed.csv')
        with open(lst, 'w') as f:
            f.write('\n'.join(rows) + '\n')
        good = build(embargo, lst, os.path.join(tmp, 'good.idx'))
        small = build(embargo, os.path.join(ROOT, 'tests', 'fixtures', 'targets.simple.excerpt.csv'),
                      os.path.join(tmp, 'small.idx'))
    seeds = {'good': good, 'targets_small': small, 'header_only': good[:96], 'truncated_half': good[:len(good) // 2]}
    v = bytearray(good)
    struct.pack_into('<I', v, 12, 99)
    seeds['bad_version'] = bytes(v)
    v = bytearray(good)
    v[len(v) // 2] ^= 0x10
    seeds['flip_payload'] = bytes(v)
    for name, sid, at, value in DAMAGE:
        v = bytearray(good)
        struct.pack_into('<I', v, section_offset(good, sid) + at, value)
        seeds[name] = bytes(v)
    for name, data in seeds.items():
        with open(os.path.join(out, name + '.idx'), 'wb') as f:
            f.write(data)
    print(f'gen_index_seeds: {len(seeds)} seeds in {out}')


if __name__ == '__main__':
    main()
