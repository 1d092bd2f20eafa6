/* party.c - ties together the listings of one party across sources.
 * Two entities are the same party when they share a strong identifier
 * (passport, IMO, registration number... of a non-trivial length), an
 * explicit cross-reference (a UN reference number), or for persons a
 * normalized name and a full date of birth.  Union-find over entities. */
#include "model/db.h"
#include "util/file.h"
#include "match/tokens.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t find(uint32_t *p, uint32_t x)
{
    while (p[x] != x) { p[x] = p[p[x]]; x = p[x]; }
    return x;
}

static void unite(uint32_t *p, uint32_t a, uint32_t b)
{
    a = find(p, a);
    b = find(p, b);
    if (a == b) return;
    if (a < b) p[b] = a; else p[a] = b;
}

typedef struct keyent { uint64_t key; uint32_t ent; } keyent;

static int cmp_key(const void *a, const void *b)
{
    const keyent *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->ent < y->ent ? -1 : x->ent > y->ent;
}

void emb_db_link_parties(embargo_db *db)
{
    size_t n = db->n_ents;
    if (n == 0) return;
    uint32_t *parent = malloc(n * sizeof *parent);
    size_t cap = db->n_attrs + db->n_names + 16, nk = 0;
    keyent *keys = malloc(cap * sizeof *keys);
    if (!parent || !keys) { free(parent); free(keys); return; }
    for (size_t i = 0; i < n; i++) parent[i] = (uint32_t)i;
    char buf[512];
    for (size_t i = 0; i < n; i++) {
        const emb_entity_rec *e = &db->ents[i];
        const char *dob_full = NULL;
        for (uint32_t j = 0; j < e->n_attrs; j++) {
            const emb_attr_rec *a = &db->attrs[e->attrs_begin + j];
            const char *v = emb_db_str(db, a->value);
            if (a->kind == EMBARGO_ATTR_ID) {
                /* short numbers collide by chance; keep identifiers of 6+ chars */
                if (emb_id_canon(v, buf, sizeof buf) < 6) continue;
                keys[nk].key = 0x1000000000000000ULL ^ emb_hash(buf, strlen(buf));
                keys[nk++].ent = (uint32_t)i;
            } else if (a->kind == EMBARGO_ATTR_CROSSREF) {
                if (emb_id_canon(v, buf, sizeof buf) < 4) continue;
                keys[nk].key = 0x2000000000000000ULL ^ emb_hash(buf, strlen(buf));
                keys[nk++].ent = (uint32_t)i;
            } else if (a->kind == EMBARGO_ATTR_DOB && strlen(v) == 10 && !dob_full) {
                dob_full = v;
            }
        }
        if (e->schema != EMBARGO_PERSON && e->n_names) {
            /* an organization, vessel or aircraft whose primary name, normalized,
             * is spelled the same on two lists and is long enough not to be
             * generic ("STATE AUTHORITY FOR MILITARY INDUSTRY OF THE REPUBLIC OF
             * BELARUS" on the OFAC and UK lists) */
            const char *norm = emb_db_str(db, db->names[e->names_begin].norm);
            size_t words = 1;
            for (const char *p = norm; *p; p++) words += *p == ' ';
            if (strlen(norm) >= 20 && words >= 3) {
                if (nk + 1 >= cap) {
                    cap *= 2;
                    keyent *k2 = realloc(keys, cap * sizeof *keys);
                    if (!k2) goto out;
                    keys = k2;
                }
                keys[nk].key = 0x4000000000000000ULL ^ emb_hash(norm, strlen(norm));
                keys[nk++].ent = (uint32_t)i;
            }
        }
        if (dob_full && e->schema == EMBARGO_PERSON) {
            /* every pair of name-word skeletons with the DOB: "Dmitry PANTUS" (DFAT)
             * and "PANTUS, Dmitriy" (OFAC) share dmtr+pnts and 1982-09-06 */
            for (uint32_t j = 0; j < e->n_names; j++) {
                const char *norm = emb_db_str(db, db->names[e->names_begin + j].norm);
                char sk[12][EMB_TOKLEN_MAX + 1];
                size_t nt = 0;
                const char *p = norm;
                while (*p && nt < 12) {
                    while (*p == ' ') p++;
                    const char *w = p;
                    while (*p && *p != ' ') p++;
                    size_t wl = (size_t)(p - w);
                    if (wl < 3) continue; /* initials and particles say little */
                    emb_skeleton(w, wl, sk[nt], sizeof sk[nt]);
                    if (strlen(sk[nt]) >= 2) nt++;
                }
                for (size_t a = 0; a < nt; a++)
                    for (size_t b = a + 1; b < nt; b++) {
                        if (nk + 1 >= cap) {
                            cap *= 2;
                            keyent *k2 = realloc(keys, cap * sizeof *keys);
                            if (!k2) goto out;
                            keys = k2;
                        }
                        int lt = strcmp(sk[a], sk[b]) < 0;
                        snprintf(buf, sizeof buf, "%.10s|%.40s|%.40s", dob_full, lt ? sk[a] : sk[b], lt ? sk[b] : sk[a]);
                        keys[nk].key = 0x3000000000000000ULL ^ emb_hash(buf, strlen(buf));
                        keys[nk++].ent = (uint32_t)i;
                    }
            }
        }
    }
    qsort(keys, nk, sizeof *keys, cmp_key);
    /* within each run of equal keys, link every entity with the first one of
     * another source: two records of one list stay apart unless another list
     * ties them together */
    for (size_t r0 = 0; r0 < nk;) {
        size_t r1 = r0 + 1;
        while (r1 < nk && keys[r1].key == keys[r0].key) r1++;
        for (size_t i = r0; i < r1; i++) {
            const emb_entity_rec *a = &db->ents[keys[i].ent];
            for (size_t j = r0; j < r1; j++) {
                const emb_entity_rec *b = &db->ents[keys[j].ent];
                if (a->source == b->source) continue;
                if (a->schema && b->schema && a->schema != b->schema) continue;
                unite(parent, keys[i].ent, keys[j].ent);
                break;
            }
        }
        r0 = r1;
    }
out:;
    emb_entity_rec *ents = (emb_entity_rec *)db->ents;
    for (size_t i = 0; i < n; i++) ents[i].party = find(parent, (uint32_t)i);
    free(parent);
    free(keys);
}
