/* ofac_enhanced_xml.c - OFAC Sanctions List Service "Enhanced XML"
 * (CONS_ENHANCED.XML / SDN_ENHANCED.XML), as published: a ZIP holding one
 * .XML member (read with libzip), or the bare XML.  Root <sanctionsData> in
 * OFAC's namespace (matched by local name): publicationInfo/dataAsOf is the
 * as-of date; referenceValues is a refId lookup table (used when a feature
 * gives only a valueRefId); entities/entity id="..." carry generalInfo
 * (entityType), names (isPrimary, isLowQuality, aliasType, translations per
 * script with formattedFullName), features (birthdate, nationality, ...
 * typed like the idList of the plain XML), identityDocuments, addresses and
 * sanctionsPrograms.  The file is a few MB, so a DOM is fine. */
#include "lists/dates.h"
#include "lists/lists.h"
#include "lists/listutil.h"
#include "lists/xdom.h"
#include "util/error.h"
#include "util/file.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

/* A member larger than this is refused (a 207 KB ZIP holds 3.4 MB today). */
#define MAX_MEMBER ((zip_uint64_t)1 << 30)

int emb_sniff_ofac_enhanced_xml(const char *path, const unsigned char *head, size_t n)
{
    if (n >= 4 && memcmp(head, "PK\3\4", 4) == 0)
        return emb_path_endswith(path, "ENHANCED.ZIP") || emb_sniff_contains(head, n, "ENHANCED.XML");
    return emb_sniff_contains(head, n, "<sanctionsData");
}

/* Reads the single .xml member of a ZIP into a malloc'd buffer. */
static int read_zip(const char *path, char **data, size_t *len, embargo_error *err)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z) return emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "cannot open as ZIP (libzip error %d)", zerr);
    zip_int64_t found = -1, nent = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < nent; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        if (name && emb_path_endswith(name, ".xml")) {
            if (found >= 0) {
                zip_close(z);
                return emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "ZIP holds more than one .xml member");
            }
            found = i;
        }
    }
    if (found < 0) {
        zip_close(z);
        return emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "ZIP holds no .xml member");
    }
    zip_stat_t st;
    if (zip_stat_index(z, (zip_uint64_t)found, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || st.size > MAX_MEMBER) {
        zip_close(z);
        return emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "ZIP member has no size or is too large");
    }
    char *buf = malloc((size_t)st.size + 1);
    zip_file_t *f = buf ? zip_fopen_index(z, (zip_uint64_t)found, 0) : NULL;
    if (!f) {
        free(buf);
        zip_close(z);
        return buf ? emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "cannot read ZIP member (corrupt or encrypted)")
                   : emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory");
    }
    zip_uint64_t got = 0;
    while (got < st.size) {
        zip_int64_t r = zip_fread(f, buf + got, st.size - got);
        if (r <= 0) break;
        got += (zip_uint64_t)r;
    }
    zip_fclose(f);
    zip_close(z);
    if (got != st.size) {
        free(buf);
        return emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "ZIP member is truncated or corrupt");
    }
    buf[got] = '\0';
    *data = buf;
    *len = (size_t)got;
    return 0;
}

typedef struct ref { long id; xmlNodePtr node; } ref;

static int ref_cmp(const void *a, const void *b)
{
    long x = ((const ref *)a)->id, y = ((const ref *)b)->id;
    return x < y ? -1 : x > y;
}

typedef struct refs { ref *v; size_t n; } refs;

static const char *ref_value(const refs *r, emb_xs *xs, const char *id)
{
    if (!*id || !r->n) return "";
    ref key = {strtol(id, NULL, 10), NULL};
    const ref *hit = bsearch(&key, r->v, r->n, sizeof *r->v, ref_cmp);
    return hit ? emb_xs_child(xs, hit->node, "value") : "";
}

static int load_refs(refs *r, const xmlNode *root, emb_xs *xs)
{
    size_t cap = 0;
    EMB_XML_EACH(rv, emb_xml_child(root, "referenceValues"), "referenceValue") {
        if (r->n == cap) {
            cap = cap ? cap * 2 : 256;
            ref *v = realloc(r->v, cap * sizeof *v);
            if (!v) return EMBARGO_ENOMEM;
            r->v = v;
        }
        r->v[r->n].id = strtol(emb_xs_attr(xs, rv, "refId"), NULL, 10);
        r->v[r->n++].node = rv;
        emb_xs_reset(xs);
    }
    if (r->n) qsort(r->v, r->n, sizeof *r->v, ref_cmp);
    return 0;
}

static int is_true(const char *v) { return !strcasecmp(v, "true"); }

static int add_names(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *e)
{
    int rc;
    EMB_XML_EACH(nm, emb_xml_child(e, "names"), "name") {
        int primary = is_true(emb_xs_child(xs, nm, "isPrimary"));
        int low = is_true(emb_xs_child(xs, nm, "isLowQuality"));
        const char *at = emb_xs_child(xs, nm, "aliasType");
        embargo_name_kind kind = primary ? EMBARGO_NAME_PRIMARY
                               : low ? EMBARGO_NAME_WEAK_ALIAS
                               : !strcasecmp(at, "F.K.A.") ? EMBARGO_NAME_FORMER : EMBARGO_NAME_ALIAS;
        EMB_XML_EACH(tr, emb_xml_child(nm, "translations"), "translation") {
            const char *full = emb_xs_child(xs, tr, "formattedFullName");
            if (!*full) continue;
            /* the primary translation is the Latin one; others are the name in its own script */
            embargo_name_kind k = is_true(emb_xs_child(xs, tr, "isPrimary")) ? kind : EMBARGO_NAME_ORIGINAL;
            if ((rc = emb_name_add(s, h, full, k))) return rc;
        }
    }
    return 0;
}

static int add_addresses(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *e)
{
    int rc;
    EMB_XML_EACH(a, emb_xml_child(e, "addresses"), "address") {
        const char *country = emb_xs_child(xs, a, "country");
        EMB_XML_EACH(tr, emb_xml_child(a, "translations"), "translation") {
            const char *full = "";
            EMB_XML_EACH(p, emb_xml_child(tr, "addressParts"), "addressPart") {
                const char *v = emb_xs_child(xs, p, "value");
                if (*v) full = *full ? emb_xs_fmt(xs, "%s, %s", full, v) : v;
            }
            if (*full && *country) full = emb_xs_fmt(xs, "%s, %s", full, country);
            if (*full && (rc = emb_source_attr(s, h, EMBARGO_ATTR_ADDRESS, "", full))) return rc;
        }
        if (*country && (rc = emb_source_attr(s, h, EMBARGO_ATTR_COUNTRY, "", country))) return rc;
    }
    return 0;
}

static embargo_schema entity_type(const char *t)
{
    if (!strcasecmp(t, "Individual")) return EMBARGO_PERSON;
    if (!strcasecmp(t, "Entity")) return EMBARGO_ORGANIZATION;
    if (!strcasecmp(t, "Vessel")) return EMBARGO_VESSEL;
    if (!strcasecmp(t, "Aircraft")) return EMBARGO_AIRCRAFT;
    return EMBARGO_SCHEMA_UNKNOWN;
}

static int parse_entity(emb_source *s, const char *path, xmlNodePtr e, const refs *r, emb_xs *xs,
                        embargo_error *err)
{
    unsigned long line = emb_xml_line(e);
    const char *id = emb_xs_attr(xs, e, "id");
    if (!*id) {
        emb_source_skip(s, "entity without id");
        return 0;
    }
    xmlNodePtr gi = emb_xml_child(e, "generalInfo");
    uint32_t h;
    int rc = emb_source_entity(s, id, entity_type(emb_xs_child(xs, gi, "entityType")), 0, &h);
    if (rc == EMBARGO_EPARSE) return emb_error_set(err, rc, path, line, "id", "duplicate entity id '%s'", id);
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add entity %s", id);
    rc = add_names(s, h, xs, e);
    const char *v;
    if (!rc && *(v = emb_xs_child(xs, gi, "remarks"))) rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", v);
    EMB_XML_EACH(p, emb_xml_child(e, "sanctionsPrograms"), "sanctionsProgram") {
        if (!rc && *(v = emb_xs_text(xs, p))) rc = emb_source_attr(s, h, EMBARGO_ATTR_PROGRAM, "", v);
    }
    /* the earliest publication on any of OFAC's lists is the listing date */
    char first[11] = "";
    EMB_XML_EACH(l, emb_xml_child(e, "sanctionsLists"), "sanctionsList") {
        char iso[11];
        if (emb_date_parse(emb_xs_attr(xs, l, "datePublished"), iso) == 10 && (!first[0] || strcmp(iso, first) < 0))
            memcpy(first, iso, sizeof first);
        if (!rc && *(v = emb_xs_text(xs, l)) && strcasecmp(v, "Consolidated List") != 0)
            rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", emb_xs_fmt(xs, "List: %s", v));
    }
    if (!rc && first[0]) rc = emb_source_attr(s, h, EMBARGO_ATTR_LISTED_ON, "", first);
    EMB_XML_EACH(f, emb_xml_child(e, "features"), "feature") {
        if (rc) break;
        const char *type = emb_xs_child(xs, f, "type");
        const char *val = emb_xs_child(xs, f, "value");
        if (!*val) val = ref_value(r, xs, emb_xs_child(xs, f, "valueRefId"));
        rc = emb_ofac_add(s, h, type, val);
    }
    EMB_XML_EACH(d, emb_xml_child(e, "identityDocuments"), "identityDocument") {
        if (rc) break;
        rc = emb_ofac_add(s, h, emb_xs_child(xs, d, "type"), emb_xs_child(xs, d, "documentNumber"));
    }
    if (!rc) rc = add_addresses(s, h, xs, e);
    if (!rc && xs->oom) rc = EMBARGO_ENOMEM;
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add entity %s", id);
    return 0;
}

static int parse_one(emb_source *s, const char *path, embargo_error *err)
{
    char *data;
    size_t len;
    int rc;
    FILE *fp = fopen(path, "rb");
    unsigned char magic[4] = {0};
    size_t got = fp ? fread(magic, 1, 4, fp) : 0;
    if (fp) fclose(fp);
    if (got == 4 && memcmp(magic, "PK\3\4", 4) == 0) rc = read_zip(path, &data, &len, err);
    else rc = emb_file_read(path, &data, &len, err);
    if (rc) return rc;
    xmlDocPtr doc;
    rc = emb_xml_parse(&doc, path, data, len, err);
    free(data);
    if (rc) return rc;
    xmlNodePtr root;
    rc = emb_xml_expect_root(doc, path, "sanctionsData", "OFAC Enhanced XML", &root, err);
    if (rc) return rc;
    emb_xs xs = {0};
    refs r = {0};
    const char *asof = emb_xs_child(&xs, emb_xml_child(root, "publicationInfo"), "dataAsOf");
    char iso[11];
    if (strlen(asof) >= 10 && emb_date_parse(emb_xs_fmt(&xs, "%.10s", asof), iso) == 10) emb_source_set_as_of(s, iso);
    emb_xs_reset(&xs);
    rc = load_refs(&r, root, &xs);
    if (rc) rc = emb_error_set(err, rc, path, 0, NULL, "out of memory");
    EMB_XML_EACH(e, emb_xml_child(root, "entities"), "entity") {
        if (rc) break;
        rc = parse_entity(s, path, e, &r, &xs, err);
        emb_xs_reset(&xs);
    }
    free(r.v);
    emb_xs_free(&xs);
    xmlFreeDoc(doc);
    return rc;
}

int emb_parse_ofac_enhanced_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    return emb_parse_each(s, paths, n, err, parse_one);
}
