#!/usr/bin/env python3
"""gen_synthetic.py - a synthetic targets.simple.csv of N entities for the
scale benchmark (bench_speed --list FILE --no-default).

Names are built from the real names of the shipped lists (data/: the OFAC SDN
and consolidated CSVs, the UN XML), so token frequencies and lengths look like
a sanctions list rather than random strings: persons combine a given name, an
optional middle name and a surname drawn from the real ones, organizations
recombine real organization words; then some are perturbed (swapped tokens,
typos).  About a third of the entities get one or two aliases.  Deterministic
for a given --seed.

usage: gen_synthetic.py [-n N] [--seed S] [--data DIR] [-o FILE]
"""
import argparse
import csv
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def real_names(data):
    persons, orgs = [], []
    for rel in ("us_ofac_sdn/sdn.csv", "us_ofac_cons/cons_prim.csv"):
        path = os.path.join(data, rel)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.reader(f):
                if len(row) < 3:
                    continue
                name, kind = row[1].strip(), row[2].strip().lower()
                if not name or name == "-0-":
                    continue
                if kind == "individual" and "," in name:
                    last, first = name.split(",", 1)
                    persons.append((first.strip().split(), last.strip().split()))
                elif kind in ("-0-", ""):
                    orgs.append(name.split())
    path = os.path.join(data, "un_sc/consolidated.xml")
    if os.path.exists(path):
        text = open(path, encoding="utf-8", errors="replace").read()
        for ind in re.findall(r"<INDIVIDUAL>(.*?)</INDIVIDUAL>", text, re.S):
            parts = [re.search(r"<%s>(.*?)</%s>" % (t, t), ind) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME")]
            parts = [p.group(1).strip() for p in parts if p and p.group(1).strip()]
            if len(parts) >= 2:
                persons.append((parts[0].split(), " ".join(parts[1:]).split()))
        for ent in re.findall(r"<ENTITY>(.*?)</ENTITY>", text, re.S):
            m = re.search(r"<FIRST_NAME>(.*?)</FIRST_NAME>", ent)
            if m and m.group(1).strip():
                orgs.append(m.group(1).split())
    return persons, orgs


def typo(rng, s):
    if len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    op = rng.randrange(4)
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == 0:
        return s[:i] + rng.choice(letters).upper() + s[i + 1:]
    if op == 1:
        return s[:i] + s[i + 1:]
    if op == 2:
        return s[:i] + s[i] + s[i:]
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data", default=os.path.join(HERE, "..", "data"))
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    persons, orgs = real_names(a.data)
    if not persons or not orgs:
        sys.exit("gen_synthetic.py: no names found under %s" % a.data)
    given = [g for p in persons for g in p[0] if len(g) > 1]
    surnames = [" ".join(p[1]) for p in persons]
    org_words = [w for o in orgs for w in o]
    legal = ["LLC", "LTD", "JSC", "OOO", "CO", "GMBH", "SA", "FZE", "INC", "PJSC", "COMPANY LIMITED"]
    out = sys.stdout if a.output == "-" else open(a.output, "w", newline="", encoding="utf-8")
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
                "sanctions", "phones", "emails", "program_ids", "dataset", "first_seen", "last_seen", "last_change"])
    countries = ["ru", "ir", "kp", "sy", "cu", "ve", "by", "cn", "ae", "tr", "lb", "iq", "af", "ye", "mm"]
    for i in range(a.n):
        aliases = []
        dob = ""
        if rng.random() < 0.7:
            schema = "Person"
            first = rng.choice(given).title()
            mid = (" " + rng.choice(given).title()) if rng.random() < 0.4 else ""
            last = rng.choice(surnames).title()
            name = "%s%s %s" % (first, mid, last)
            if rng.random() < 0.3:
                aliases.append("%s %s" % (last, first))                 # swapped tokens
            if rng.random() < 0.15:
                aliases.append(typo(rng, "%s %s" % (first, last)))        # a spelling variant
            if rng.random() < 0.5:
                dob = "%04d-%02d-%02d" % (rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28))
        else:
            schema = "Company"
            words = [rng.choice(org_words) for _ in range(rng.randint(1, 3))]
            name = " ".join(words + [rng.choice(legal)]).upper()
            if rng.random() < 0.3:
                aliases.append(" ".join(reversed(words)).upper())
            if rng.random() < 0.1:
                aliases.append(typo(rng, name))
        name = name.replace(";", " ")
        w.writerow(["SYN-%07d" % i, schema, name, ";".join(x.replace(";", " ") for x in aliases), dob,
                    rng.choice(countries), "", "", "", "", "", "", "Synthetic", "", "", "2026-01-01T00:00:00"])
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
