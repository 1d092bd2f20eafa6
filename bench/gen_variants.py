#!/usr/bin/env python3
"""Held-out name-variant generator imitating shared/data/eval/README.md (dev_variants.jsonl).

usage: gen_variants.py --seed N [--per 50] [--out FILE] [--shared DIR]
Then: build/bench_accuracy --variants FILE (recall and top-1 as for the development set).
DIR is the shared data folder (default $EMBARGO_SHARED or ../shared/data beside the project).
Sources: lists/us_ofac_sdn/sdn.csv (2024-05-03) + lists/us_ofac_sdn_2025-12/alt.csv rows whose
ent_num exists in that sdn.csv. Every expect_id of dev_variants.jsonl is excluded.
"""
import argparse, csv, json, os, random, re, sys, collections

SHARED = os.environ.get('EMBARGO_SHARED') or os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'data')
LISTS = os.path.join(SHARED, 'lists')
DEV = os.path.join(SHARED, 'eval', 'dev_variants.jsonl')

PERSON_KINDS = ['natural', 'reorder', 'typo', 'drop_middle', 'middle_initial', 'title', 'translit', 'spacing']
ORG_KINDS = ['legal_form', 'no_legal_form', 'punct', 'typo']
SPELLING_KINDS = {'typo', 'translit', 'spacing', 'punct', 'legal_form', 'no_legal_form'}

# ---------------------------------------------------------------- loading
def load():
    sdn = {}
    for row in csv.reader(open(f'{LISTS}/us_ofac_sdn/sdn.csv', encoding='latin-1')):
        if len(row) < 12:
            continue
        ent, name, typ = row[0], row[1], row[2].strip()
        schema = {'individual': 'Person', '-0-': 'Organization'}.get(typ, typ)
        rem = '' if row[11].strip() == '-0-' else row[11]
        sdn[ent] = dict(id=ent, schema=schema, names=[(name, 'primary')], remarks=rem, programs=row[3])
    for row in csv.reader(open(f'{LISTS}/us_ofac_sdn_2025-12/alt.csv', encoding='latin-1')):
        if len(row) < 4 or row[0] not in sdn:
            continue
        sdn[row[0]]['names'].append((row[3], row[2].strip().strip('"')))
    return sdn

def norm_tokens(s):
    s = s.upper().replace("'", '').replace('`', '')
    return frozenset(t for t in re.split(r'[^A-Z0-9]+', s) if t)

def norm_str(s):
    s = s.upper().replace("'", '')
    return ' '.join(t for t in re.split(r'[^A-Z0-9]+', s) if t)

# ---------------------------------------------------------------- person helpers
def split_person(name):
    """returns (surname_tokens, given_tokens) or None; aliases without comma -> given-first as listed"""
    if ',' in name:
        sur, giv = name.split(',', 1)
        sur, giv = sur.split(), giv.split()
        if not sur or not giv:
            return None
        return sur, giv
    toks = name.split()
    return ([], toks) if len(toks) >= 2 else None

def given_first(p):
    sur, giv = p
    return giv + sur

PARTICLES_LOWER = {'AL', 'EL', 'AD', 'AS', 'ASH', 'AZ', 'UD', 'UL', 'BIN', 'BEN', 'IBN', 'DE', 'DEL', 'LA', 'LOS', 'DA', 'DOS', 'VAN', 'VON'}

def cap_part(x):
    m = re.match(r"^([^A-Za-z]*)([A-Za-z])(.*)$", x)
    if not m:
        return x
    return m.group(1) + m.group(2).upper() + m.group(3).lower()

def natural_case_surname(tok):
    parts = tok.split('-')
    out = []
    for i, p in enumerate(parts):
        if i == 0 and len(parts) > 1 and p.upper() in PARTICLES_LOWER:
            out.append(p.lower())
        else:
            out.append(cap_part(p))
    return '-'.join(out)

def natural_case_given(tok):
    if tok.isupper() and len(tok) > 1:
        return '-'.join(cap_part(p) for p in tok.split('-'))
    return '-'.join(cap_part(p) if i else p[:1].upper() + p[1:] for i, p in enumerate(tok.split('-')))

SLAVIC_NAT = {'Russia', 'Ukraine', 'Belarus', 'Serbia', 'Bosnia', 'Montenegro', 'Croatia', 'Bulgaria',
              'Macedonia', 'North', 'Moldova', 'Slovakia', 'Czech', 'Poland', 'Slovenia', 'Kosovo'}
ARAB_NAT = {'Iran', 'Iraq', 'Syria', 'Lebanon', 'Yemen', 'Saudi', 'Palestinian', 'Egypt', 'Libya', 'Sudan',
            'Tunisia', 'Algeria', 'Morocco', 'Jordan', 'Kuwait', 'Qatar', 'Bahrain', 'United Arab', 'Afghanistan',
            'Pakistan', 'Somalia', 'Oman', 'Mauritania', 'West Bank', 'Gaza'}
SLAVIC_RX = re.compile(r'(OVICH|EVICH|OVNA|EVNA|IVNA|YEVNA|OVYCH|EVYCH|IVICH|AUNA|OVIC|EVIC|OVSKIY|SKIY|SKY|ENKO|OVA|EVA|YEV|YEVA|IN|INA|OV|EV|UK|CHUK|IC)$')
ARAB_TOK = re.compile(r"^(AL|EL|ABU|ABOU|ABD|ABDUL|ABDEL|ABDOL|ABDUL.*|ABD.*|BIN|BINT|IBN|MOHAMMAD|MUHAMMAD|MOHAMED|MOHAMMED|AHMAD|AHMED|ALI|HASAN|HASSAN|HUSSEIN|HOSSEIN|HUSAYN|HUSAIN|OMAR|UMAR|MAHMOUD|MAHMUD|REZA|KHALID|KHALED|YOUSEF|YUSUF|IBRAHIM|EBRAHIM|MUSTAFA|MOSTAFA|JAVAD|SAEED|SAID|MEHDI|MAHDI|HAMID|ABBAS|SAYYED|SEYYED|SEYED)$")

def nationalities(rem):
    return set(re.findall(r'(?:nationality|citizen) ([A-Z][a-z]+(?: Arab| Bank)?)', rem))

def name_class(ent, toks):
    up = [t.upper().strip(".,'") for t in toks]
    nat = nationalities(ent['remarks'])
    if any(re.search(r'(OVICH|EVICH|OVNA|EVNA|IVNA|YCH|AUNA|OVYCH|EVYCH|IVICH|ICH)$', t) for t in up[1:]):
        return 'slavic'
    arabic_tok = any(ARAB_TOK.match(t) or t.startswith('AL-') or t.startswith('EL-') or t.endswith('ZADEH') or t.endswith('POUR') or t.endswith('NEJAD') for t in up)
    if nat & ARAB_NAT or (arabic_tok and not nat & SLAVIC_NAT):
        return 'arabic'
    if nat & SLAVIC_NAT:
        if any(SLAVIC_RX.search(t) for t in up):
            return 'slavic'
        return 'other'
    return 'other'

def gender(ent):
    m = re.search(r'Gender (Male|Female)', ent['remarks'])
    return m.group(1) if m else None

# ---------------------------------------------------------------- typo
LETTERS = 'ABCDEFGHIJKLMNOPRSTUVWYZ'

def typo_token(tok, rng):
    letters = [i for i, c in enumerate(tok) if c.isalpha()]
    if len(letters) < 5:
        return None
    cands = letters[1:]  # never the first letter
    op = rng.choice(['sub', 'ins', 'del', 'trans'])
    t = list(tok)
    i = rng.choice(cands)
    if op == 'sub':
        c = rng.choice([x for x in LETTERS if x != t[i].upper()])
        t[i] = c if tok[i].isupper() else c.lower()
    elif op == 'ins':
        c = t[i - 1] if rng.random() < 0.3 and t[i - 1].isalpha() else rng.choice(LETTERS)
        t.insert(i, c if tok[i].isupper() else c.lower())
    elif op == 'del':
        del t[i]
    else:
        j = i + 1
        if j >= len(t) or not t[j].isalpha() or t[j] == t[i]:
            return None
        t[i], t[j] = t[j], t[i]
    out = ''.join(t)
    return out if out.upper() != tok.upper() else None

# ---------------------------------------------------------------- translit
def fam(*groups):
    d = {}
    for g in groups:
        for x in g:
            d[x] = [y for y in g if y != x]
    return d

SLAVIC_FAM = fam(['ALEKSANDR', 'ALEXANDER', 'ALEXANDR', 'OLEKSANDR'], ['ALEKSEY', 'ALEKSEI', 'ALEXEI', 'ALEXEY'],
                 ['YEVGENIY', 'EVGENIY', 'EVGENY', 'YEVGENY', 'EVGENII'], ['ANDREI', 'ANDREY'], ['SERGEY', 'SERGEI'],
                 ['NIKOLAY', 'NIKOLAI'], ['DMITRY', 'DMITRIY', 'DMITRI'], ['YURI', 'YURY', 'YURIY'],
                 ['YELENA', 'ELENA'], ['NATALYA', 'NATALIA', 'NATALIYA'], ['TATYANA', 'TATIANA'],
                 ['VALERY', 'VALERIY', 'VALERI'], ['ILYA', 'ILIYA', 'ILIA'], ['GEORGY', 'GEORGIY', 'GEORGI'],
                 ['ANATOLY', 'ANATOLIY'], ['VIKTOR', 'VICTOR'], ['YULIA', 'YULIYA', 'JULIA'], ['PYOTR', 'PETR', 'PIOTR'],
                 ['FEDOR', 'FYODOR'], ['SEMEN', 'SEMYON'], ['ARTEM', 'ARTYOM'], ['MAKSIM', 'MAXIM'],
                 ['ARKADY', 'ARKADIY'], ['VASILY', 'VASILIY', 'VASILII'], ['GRIGORY', 'GRIGORIY'],
                 ['KONSTANTIN', 'CONSTANTIN'], ['YAKOV', 'IAKOV'], ['OLEG'], ['IGOR'], ['MIKHAIL', 'MIHAIL'])
ARAB_FAM = fam(['MOHAMMAD', 'MUHAMMAD', 'MOHAMED', 'MOHAMMED', 'MOHAMAD', 'MUHAMAD', 'MOUHAMMAD', 'MUHAMMED'],
               ['AHMAD', 'AHMED'], ['HUSSEIN', 'HUSEIN', 'HUSSAIN', 'HUSAIN', 'HOSSEIN', 'HOSEIN', 'HUSAYN'],
               ['HASSAN', 'HASAN'], ['OMAR', 'UMAR'], ['OSAMA', 'USAMA', 'OUSSAMA'],
               ['YOUSEF', 'YUSUF', 'YOUSSEF', 'YOUSIF', 'YUSEF'], ['MAHMOUD', 'MAHMUD'],
               ['MUSTAFA', 'MOSTAFA', 'MOUSTAFA'], ['KHALED', 'KHALID'], ['IBRAHIM', 'EBRAHIM'],
               ['ISMAIL', 'ESMAIL', 'ISMAEL'], ['SAID', 'SAEED', 'SAYED'], ['SAMIR', 'SAMEER'], ['RASHID', 'RASHEED'],
               ['HAMID', 'HAMEED'], ['KARIM', 'KAREEM'], ['NASSER', 'NASER', 'NASIR'], ['ABDUL', 'ABDEL', 'ABDOL'],
               ['JAFAR', "JA'FAR", 'JAAFAR'], ['REZA', 'RIDA'], ['QASEM', 'QASIM', 'GHASEM', 'KASSEM'],
               ['MOHSEN', 'MUHSIN'], ['MAHDI', 'MEHDI'], ['SALEH', 'SALIH'], ['FAISAL', 'FAYSAL'],
               ['HAMZA', 'HAMZAH'], ['ZAINAB', 'ZEINAB', 'ZAYNAB'], ['FATIMA', 'FATEMEH'], ['HAYDAR', 'HAIDAR', 'HEIDAR'],
               ['HASHEM', 'HASHIM'], ['MUSA', 'MOUSSA', 'MOUSA'], ['ISA', 'ISSA', 'EISA'],
               ['SULEIMAN', 'SULAYMAN', 'SOLEIMAN'], ['OTHMAN', 'USMAN', 'OSMAN', 'UTHMAN'], ['YASSER', 'YASIR', 'YASSIR'],
               ['ABDULLAH', 'ABDALLAH', 'ABDULLA'], ['KHALIL', 'KHALEEL'], ['AMIN', 'AMEEN'], ['WALID', 'WALEED'])

def sub_rules(tok, rules):
    """rules: list of (regex, repl); return all single-application variants"""
    out = set()
    for rx, rep in rules:
        for m in re.finditer(rx, tok):
            v = tok[:m.start()] + m.expand(rep) + tok[m.end():]
            if v != tok:
                out.add(v)
    return out

SLAVIC_RULES = [(r'OV$', 'OFF'), (r'EV$', 'EFF'), (r'(?<=[^AEIOU])IY$', 'Y'), (r'(?<=[^AEIOUY])Y$', 'IY'),
                (r'SKIY$', 'SKI'), (r'SKIY$', 'SKY'), (r'YEVICH$', 'EVICH'), (r'(?<=[AEIOU])EVICH$', 'YEVICH'),
                (r'YEVNA$', 'EVNA'), (r'(?<=[AEIOU])EVNA$', 'YEVNA'), (r'IYEVICH$', 'IEVICH'), (r'IEVICH$', 'IYEVICH'),
                (r'AYEV', 'AEV'), (r'AEV', 'AYEV'), (r'(?<=.)KH', 'H'), (r'^KH', 'H'), (r'KS', 'X'),
                (r'(?<=[^AEIOU ])YU', 'IU'), (r'(?<=[^AEIOU ])YA', 'IA'), (r'(?<=[^AEIOU ])IA', 'YA'),
                (r'^YE', 'E'), (r'^E(?=[^AEIOU])', 'YE'), (r'TS', 'TZ'), (r'(?<=[AEIOU])YE', 'E')]
ARAB_RULES = [(r'OU', 'U'), (r'(?<=[^AEIOU])U(?=[^AEIOU]|$)', 'OU'), (r'EE', 'I'), (r'(?<=[^AEIOU])I(?=[^AEIOU])', 'EE'),
              (r'([BDFKLMNRSTZ])\1', r'\1'), (r'ZADEH$', 'ZADE'), (r'ZADE$', 'ZADEH'), (r'POUR$', 'PUR'),
              (r'PUR$', 'POUR'), (r'NEJAD$', 'NEZHAD'), (r'NEZHAD$', 'NEJAD'), (r'^Q', 'GH'), (r'^GH', 'Q'),
              (r'AI', 'AY'), (r'AY', 'AI'), (r'EI', 'EY'), (r'EY', 'EI'), (r'(?<=[^AEIOU])EH$', 'E'),
              (r'Q', 'K'), (r'DH', 'Z')]
OTHER_RULES = [(r'OU', 'U'), (r'EE', 'I'), (r'PH', 'F'), (r'(?<!S)C(?=[AOU])', 'K'), (r'QU', 'KU'), (r'^W', 'V'),
               (r'([BDFGKLMNPRSTZ])\1', r'\1'), (r'CK', 'K'), (r'TH', 'T')]

def translit_variants(tok, cls):
    t = tok.upper()
    out = set()
    fams = SLAVIC_FAM if cls == 'slavic' else ARAB_FAM if cls == 'arabic' else {}
    if t in fams:
        out |= set(fams[t])
    core = t.strip(".")
    if "'" in core or len(core) < 3:
        return out
    rules = SLAVIC_RULES if cls == 'slavic' else ARAB_RULES if cls == 'arabic' else OTHER_RULES
    out |= sub_rules(core, rules)
    if cls == 'other' and t in ('VICTOR', 'VIKTOR'):
        out.add('VIKTOR' if t == 'VICTOR' else 'VICTOR')
    return {v for v in out if v != t and len(v) >= 2}

# ---------------------------------------------------------------- spacing
JOIN_PART = ['AL', 'EL', 'ABU', 'ABOU', 'ABDUL', 'ABDEL', 'ABDOL', 'ABD', 'BEN', 'BIN', 'BINT', 'IBN', 'DE', 'DEL',
             'DELA', 'LA', 'LOS', 'DOS', 'DA', 'DI', 'UL', 'UD', 'ED', 'AS', 'AD', 'ASH', 'AZ', 'VAN', 'VON']
SPLIT_PREF = ['ABDUL', 'ABDEL', 'ABDOL', 'ABU', 'ABOU', 'AL', 'EL', 'BIN', 'BEN', 'DEL', 'DE']

def spacing_variants(toks):
    """toks: list of upper tokens (given-first). returns list of new token lists."""
    out = []
    for i, t in enumerate(toks):
        # hyphenated particle inside a token: AL-HALABI -> ALHALABI / AL HALABI
        parts = t.split('-')
        for k in range(len(parts) - 1):
            if parts[k].strip("'") in JOIN_PART:
                joined = '-'.join(parts[:k]) + ('-' if k else '') + parts[k] + parts[k + 1] + ('-' + '-'.join(parts[k + 2:]) if k + 2 < len(parts) else '')
                out.append(toks[:i] + [joined] + toks[i + 1:])
                # (AL-HALABI -> AL HALABI is not generated: it is identical to the listed name once
                #  punctuation is ignored, and dev_variants.jsonl has no such case)
        # separate particle token: ABDUL RAHMAN -> ABDULRAHMAN
        if t.strip("'") in JOIN_PART and i + 1 < len(toks):
            out.append(toks[:i] + [t + toks[i + 1]] + toks[i + 2:])
        # joined particle: ABDULAZIZ -> ABDUL AZIZ
        for p in SPLIT_PREF:
            if t.startswith(p) and len(t) - len(p) >= 3 and '-' not in t and t not in ('ALI', 'ALLAH'):
                rest = t[len(p):]
                if p in ('AL', 'EL', 'DE', 'BEN') and not re.match(r'^[A-Z]', rest):
                    continue
                if p in ('AL', 'EL', 'DE', 'DEL', 'BEN', 'BIN') and len(rest) < 4:
                    continue
                if p in ('AL', 'EL', 'DE', 'DEL', 'BEN', 'BIN'):
                    continue  # only split clear multi-letter particles (ABDUL/ABU/...); ALEXANDER etc. are not particles
                out.append(toks[:i] + [p, rest] + toks[i + 1:])
    return out

# ---------------------------------------------------------------- legal forms
LF_GROUPS = [
    ('ru', ['LIMITED LIABILITY COMPANY', 'LLC', 'OOO', 'OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU',
            'OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU', 'L.L.C.']),
    ('ru', ['PUBLIC JOINT STOCK COMPANY', 'PJSC', 'PAO', 'PUBLICHNOE AKTSIONERNOE OBSHCHESTVO',
            'PUBLICHNOYE AKTSIONERNOYE OBSHCHESTVO']),
    ('ru', ['PRIVATE JOINT STOCK COMPANY', 'PRJSC', 'CHASTNOE AKTSIONERNOE OBSHCHESTVO']),
    ('ru', ['CLOSED JOINT STOCK COMPANY', 'CJSC', 'ZAO', 'ZAKRYTOE AKTSIONERNOE OBSHCHESTVO',
            'ZAKRYTOYE AKTSIONERNOYE OBSHCHESTVO']),
    ('ru', ['OPEN JOINT STOCK COMPANY', 'OJSC', 'OAO', 'OTKRYTOE AKTSIONERNOE OBSHCHESTVO',
            'OTKRYTOYE AKTSIONERNOYE OBSHCHESTVO']),
    ('ru', ['JOINT STOCK COMPANY', 'JSC', 'AO', 'AKTSIONERNOE OBSHCHESTVO', 'AKTSIONERNOYE OBSHCHESTVO']),
    ('ru', ['NON-PUBLIC JOINT STOCK COMPANY', 'NAO']),
    ('ru', ['FEDERAL STATE UNITARY ENTERPRISE', 'FGUP']),
    ('back', ['COMPANY LIMITED', 'CO., LTD.', 'CO. LTD.', 'CO., LTD', 'CO LTD', 'CO. LTD', 'CO., LIMITED', 'CO. LIMITED']),
    ('back', ['PRIVATE LIMITED', 'PTE. LTD.', 'PTE LTD', 'PVT. LTD.', 'PVT LTD', 'PRIVATE LTD']),
    ('back', ['SOCIEDAD ANONIMA DE CAPITAL VARIABLE', 'S.A. DE C.V.', 'SA DE CV']),
    ('back', ['SOCIEDAD DE RESPONSABILIDAD LIMITADA DE CAPITAL VARIABLE', 'S. DE R.L. DE C.V.', 'S DE RL DE CV']),
    ('back', ['SOCIEDAD POR ACCIONES SIMPLIFICADA', 'S.A.S.', 'SAS']),
    ('back', ['SOCIEDAD DE RESPONSABILIDAD LIMITADA', 'S.R.L.', 'SRL']),
    ('back', ['SOCIETE A RESPONSABILITE LIMITEE', 'SARL', 'S.A.R.L.']),
    ('back', ['GESELLSCHAFT MIT BESCHRAENKTER HAFTUNG', 'GMBH']),
    ('back', ['PUBLIC LIMITED COMPANY', 'PLC']),
    ('back', ['LIMITED LIABILITY PARTNERSHIP', 'LLP']),
    ('back', ['FREE ZONE ESTABLISHMENT', 'FZE']),
    ('back', ['FREE ZONE COMPANY', 'FZCO']),
    ('back', ['ANONIM SIRKETI', 'A.S.', 'AS']),
    ('back', ['LIMITED SIRKETI', 'LTD. STI.', 'LTD STI']),
    ('back', ['BESLOTEN VENNOOTSCHAP', 'B.V.', 'BV']),
    ('back', ['NAAMLOZE VENNOOTSCHAP', 'N.V.', 'NV']),
    ('back', ['COMPANIA ANONIMA', 'C.A.', 'CA']),
    ('back', ['SOCIEDAD ANONIMA', 'S.A.', 'SA']),
    ('back', ['LIMITADA', 'LTDA.', 'LTDA']),
    ('back', ['INCORPORATED', 'INC.', 'INC']),
    ('back', ['CORPORATION', 'CORP.', 'CORP']),
    ('back', ['LIMITED', 'LTD.', 'LTD']),
    ('back', ['COMPANY', 'CO.', 'CO']),
    ('back', ['SENDIRIAN BERHAD', 'SDN. BHD.', 'SDN BHD']),
    ('back', ['AKTIENGESELLSCHAFT', 'AG']),
    ('back', ['SOCIETA PER AZIONI', 'S.P.A.', 'SPA']),
    ('back', ['PROPRIETARY LIMITED', 'PTY LTD', 'PTY. LTD.']),
]
DROP_ONLY = ['EOOD', 'OOD', 'EAD', 'DOO', 'D.O.O.', 'TOO', 'AD', 'SE', 'KFT', 'SP. Z O.O.', 'UAB', 'OU', 'AB', 'OY', 'APS', 'A/S',
             'EIRL', 'S.A.C.', 'SAC', 'S.A.S', 'LDA', 'LDA.', 'SPRL', 'S. EN C.S.', 'S EN C', 'TOV', 'PT', 'CV', 'FZ-LLC', 'FZC', 'DMCC']

ALL_FORMS = []
for gi, (kind, forms) in enumerate(LF_GROUPS):
    for f in forms:
        ALL_FORMS.append((f, gi))
for f in DROP_ONLY:
    ALL_FORMS.append((f, None))
ALL_FORMS.sort(key=lambda x: -len(x[0]))
LF_WORDS = set()
for f, _ in ALL_FORMS:
    LF_WORDS |= set(re.split(r'[^A-Z]+', f.upper())) - {''}

def find_legal_form(name):
    """return (pos, form, group, core) with pos 'front'/'back' (longest form at either end)"""
    u = name.upper()
    best = None
    for f, gi in ALL_FORMS:
        if u.endswith(' ' + f) or u.endswith(', ' + f) or u.endswith(',' + f):
            core = name[:len(name) - len(f)].rstrip().rstrip(',').rstrip()
            if core and (best is None or len(f) > len(best[1])):
                best = ('back', f, gi, core)
        if u.startswith(f + ' '):
            core = name[len(f):].strip()
            if core and (best is None or len(f) > len(best[1])):
                best = ('front', f, gi, core)
    return best

def legal_form_variants(name):
    lf = find_legal_form(name)
    if not lf or lf[2] is None:
        return []
    pos, f, gi, core = lf
    kind, forms = LF_GROUPS[gi]
    out = []
    for g in forms:
        for p in (['front', 'back'] if kind == 'ru' else ['back']):
            if g == f and p == pos:
                continue
            out.append(g + ' ' + core if p == 'front' else core + ' ' + g)
    return out

def no_legal_form(name):
    lf = find_legal_form(name)
    if not lf:
        return None
    return lf[3]

# ---------------------------------------------------------------- punct
PUNCT_CLASSES = {'comma': ',', 'period': '.', 'quote': '\'"`', 'hyphen': '-', 'paren': '()[]', 'colon': ':;', 'slash': '/', 'amp': '&'}

def punct_variant(name, rng):
    present = [k for k, chars in PUNCT_CLASSES.items() if any(c in name for c in chars) and k != 'amp']
    if not present:
        return None
    k = rng.randint(1, len(present))
    chosen = rng.sample(present, k)
    s = name
    for c in chosen:
        for ch in PUNCT_CLASSES[c]:
            if c == 'hyphen':
                s = s.replace(ch, rng.choice(['', ' ']))
            elif c == 'slash':
                s = s.replace(ch, ' ')
            else:
                s = s.replace(ch, '')
    s = re.sub(r'\s+', ' ', s).strip()
    return s if s != name else None

# ---------------------------------------------------------------- titles
NEUTRAL_TITLES = ['Dr.', 'General', 'Brigadier General', 'Colonel']

def pick_title(ent, cls, rng):
    g = gender(ent)
    pool = list(NEUTRAL_TITLES)
    if g == 'Male':
        pool += ['Mr.']
        if cls == 'arabic':
            pool += ['Sheikh', 'Haji']
    elif g == 'Female':
        pool += ['Mrs.', 'Ms.']
    return rng.choice(pool)

TITLE_TOK = re.compile(r'^(DR\.?|MR\.?|MRS\.?|MS\.?|GENERAL|COLONEL|SHEIKH|SHAYKH|HAJI|HAJJI|MULLAH|MAULANA|MAULAVI|MAULVI|QARI|BRIGADIER|CAPTAIN|GEN\.?|COL\.?|SAYYED|SEYYED|SEYED|MAWLAWI|IMAM)$')

# ---------------------------------------------------------------- generation
def person_query(kind, ent, p, rng):
    sur, giv = p
    cls = name_class(ent, giv + sur)
    gf = [t.upper() for t in given_first(p)]
    if kind == 'natural':
        return ' '.join([natural_case_given(t) for t in giv] + [natural_case_surname(t) for t in sur]) if sur else None
    if kind == 'reorder':
        if not sur:
            return None
        return ' '.join(t.upper() for t in sur + giv)
    if kind == 'typo':
        idx = [i for i, t in enumerate(gf) if sum(c.isalpha() for c in t) >= 5]
        if not idx:
            return None
        i = rng.choice(idx)
        v = typo_token(gf[i], rng)
        if not v:
            return None
        return ' '.join(gf[:i] + [v] + gf[i + 1:])
    if kind == 'drop_middle':
        if len(gf) < 3 or len(giv) < 2 or not sur:
            return None
        j = rng.randrange(1, len(giv))
        return ' '.join(gf[:j] + gf[j + 1:])
    if kind == 'middle_initial':
        if len(giv) < 2 or not sur:
            return None
        cands = [j for j in range(1, len(giv)) if sum(c.isalpha() for c in giv[j]) >= 2 and not giv[j].endswith('.')
                 and not re.match(r"^(AL|EL|AD|AS|ASH|UD|UL|BIN|IBN)-", giv[j].upper())]
        if not cands:
            return None
        j = rng.choice(cands)
        first = next(c for c in giv[j].upper() if c.isalpha())
        ini = first + ('.' if rng.random() < 0.5 else '')
        return ' '.join(gf[:j] + [ini] + gf[j + 1:])
    if kind == 'title':
        if not sur or any(TITLE_TOK.match(t.upper()) for t in gf):
            return None
        return pick_title(ent, cls, rng) + ' ' + ' '.join(gf)
    if kind == 'translit':
        opts = []
        for i, t in enumerate(gf):
            for v in translit_variants(t, cls):
                opts.append((i, v))
        if not opts:
            return None
        n = 1 if rng.random() < 0.6 else 2
        toks = list(gf)
        used = set()
        for _ in range(n):
            rem = [o for o in opts if o[0] not in used]
            if not rem:
                break
            i, v = rng.choice(rem)
            toks[i] = v
            used.add(i)
        return ' '.join(toks)
    if kind == 'spacing':
        vs = spacing_variants(gf)
        if not vs:
            return None
        toks = rng.choice(vs)
        return ' '.join(toks) if len(toks) >= 2 else None
    raise ValueError(kind)

def org_query(kind, ent, name, rng):
    if kind == 'legal_form':
        vs = legal_form_variants(name)
        return rng.choice(vs) if vs else None
    if kind == 'no_legal_form':
        return no_legal_form(name)
    if kind == 'punct':
        return punct_variant(name, rng)
    if kind == 'typo':
        toks = name.split()
        idx = [i for i, t in enumerate(toks) if sum(c.isalpha() for c in t) >= 5
               and not (set(re.split(r'[^A-Z]+', t.upper())) - {''}) <= LF_WORDS]
        if not idx:
            return None
        i = rng.choice(idx)
        v = typo_token(toks[i], rng)
        return ' '.join(toks[:i] + [v] + toks[i + 1:]) if v else None
    raise ValueError(kind)

def main():
    # the same seed makes the same set: string hashing (set order) fixed too
    if os.environ.get('PYTHONHASHSEED') != '0':
        os.environ['PYTHONHASHSEED'] = '0'
        os.execv(sys.executable, [sys.executable] + sys.argv)
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, required=True)
    ap.add_argument('--per', type=int, default=50)
    ap.add_argument('--out', default='-')
    ap.add_argument('--shared', default=None, help='the shared data folder (lists/, eval/)')
    a = ap.parse_args()
    global LISTS, DEV
    if a.shared:
        LISTS = os.path.join(a.shared, 'lists')
        DEV = os.path.join(a.shared, 'eval', 'dev_variants.jsonl')
    rng = random.Random(a.seed)
    sdn = load()
    dev_ids = {json.loads(l)['expect_id'] for l in open(DEV)}
    # token-set index over every listed name of every entry (all types)
    owners = collections.defaultdict(set)
    for e in sdn.values():
        for n, _ in e['names']:
            owners[norm_tokens(n)].add(e['id'])
    used_q = set()
    used_ent = set()
    out = []
    pool = {s: sorted(e for e in sdn if sdn[e]['schema'] == s and e not in dev_ids) for s in ('Person', 'Organization')}
    for schema, kinds in (('Person', PERSON_KINDS), ('Organization', ORG_KINDS)):
        for kind in kinds:
            ids = list(pool[schema])
            rng.shuffle(ids)
            got = 0
            for eid in ids:
                if got >= a.per:
                    break
                if eid in used_ent:
                    continue
                ent = sdn[eid]
                names = [(n, t) for n, t in ent['names'] if len(owners[norm_tokens(n)]) == 1]
                if schema == 'Person':
                    names = [(n, t) for n, t in names if split_person(n)]
                if not names:
                    continue
                prim = [x for x in names if x[1] == 'primary']
                alias = [x for x in names if x[1] != 'primary']
                order = []
                if prim and (rng.random() < 0.85 or not alias):
                    order = prim + rng.sample(alias, len(alias))
                else:
                    order = rng.sample(alias, len(alias)) + prim
                q = None
                for bname, btype in order:
                    if schema == 'Person':
                        p = split_person(bname)
                        cand = person_query(kind, ent, p, rng)
                        if cand and len(cand.split()) < 2:
                            cand = None
                    else:
                        cand = org_query(kind, ent, bname, rng)
                    if not cand or not norm_tokens(cand):
                        continue
                    ts = norm_tokens(cand)
                    if owners.get(ts, set()) - {eid}:
                        continue  # equals a name of a different entry
                    if kind in SPELLING_KINDS and any(norm_tokens(n) == ts for n, _ in ent['names'] if n != bname):
                        continue  # equals another listed name of its own entry
                    if kind in SPELLING_KINDS and ts == norm_tokens(bname) and kind not in ('punct', 'spacing'):
                        continue  # no change after normalisation
                    key = norm_str(cand)
                    if key in used_q:
                        continue
                    q = (cand, bname, btype)
                    break
                if not q:
                    continue
                used_q.add(norm_str(q[0]))
                used_ent.add(eid)
                out.append(dict(query=q[0], expect_source='us_ofac_sdn', expect_id=eid, kind=kind, schema=schema,
                                base_name=q[1], base_type=q[2]))
                got += 1
            if got < a.per:
                print(f'warning: only {got} for {schema}/{kind}', file=sys.stderr)
    rng.shuffle(out)
    f = sys.stdout if a.out == '-' else open(a.out, 'w')
    for d in out:
        f.write(json.dumps(d) + '\n')

if __name__ == '__main__':
    main()
