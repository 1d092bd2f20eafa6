/* eu_xml.c - the EU Financial Sanctions Files (FSF) XML 1.1: root <export
 * generationDate="..."> (the as-of date) in the FSD namespace, one
 * <sanctionEntity logicalId="..."> per listed party with the data mostly in
 * attributes: subjectType code person/enterprise, nameAlias (wholeName,
 * firstName, lastName, strong, nameLanguage, function, gender, title),
 * citizenship, birthdate, identification, address, remark, regulation
 * (programme).
 *
 * The file has no "primary" flag: the first alias with structured parts
 * (firstName/lastName) is taken as primary, else the first English or
 * language-less one, else the first; all others are aliases (strong="false"
 * ones weak, non-Latin ones ORIGINAL).  An entity without nameAlias is
 * counted as "record without a name" by the loader. */
#include "lists/dates.h"
#include "lists/lists.h"
#include "lists/listutil.h"
#include "lists/xdom.h"
#include "util/error.h"
#include "util/file.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int emb_sniff_eu_xml(const char *path, const unsigned char *head, size_t n)
{
    (void)path;
    return emb_sniff_contains(head, n, "<export") &&
           (emb_sniff_contains(head, n, "fpi/fsd/export") || emb_sniff_contains(head, n, "<sanctionEntity"));
}

static const xmlNode *pick_primary(emb_xs *xs, const xmlNode *e)
{
    const xmlNode *structured = NULL, *english = NULL, *first = NULL;
    EMB_XML_EACH(a, e, "nameAlias") {
        const char *whole = emb_xs_attr(xs, a, "wholeName");
        if (!*whole) continue;
        if (!first) first = a;
        const char *lang = emb_xs_attr(xs, a, "nameLanguage");
        if (!english && (!*lang || !strcasecmp(lang, "EN")) && !emb_text_non_latin(whole)) english = a;
        if (!structured && (*emb_xs_attr(xs, a, "firstName") || *emb_xs_attr(xs, a, "lastName")) &&
            !emb_text_non_latin(whole))
            structured = a;
    }
    return structured ? structured : english ? english : first;
}

static int add_alias_attrs(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *a)
{
    int rc = 0;
    const char *v;
    if (*(v = emb_xs_attr(xs, a, "function")) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_POSITION, "", v))) return rc;
    if (*(v = emb_xs_attr(xs, a, "title")) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_TITLE, "", v))) return rc;
    if ((v = emb_gender_norm(emb_xs_attr(xs, a, "gender"))) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_GENDER, "", v))) return rc;
    EMB_XML_EACH(r, a, "remark") {
        if (*(v = emb_xs_text(xs, r)) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", v))) return rc;
    }
    return 0;
}

/* "countryDescription" unless it is the placeholder "UNKNOWN" (iso "00"). */
static const char *country_of(emb_xs *xs, const xmlNode *n)
{
    const char *iso = emb_xs_attr(xs, n, "countryIso2Code");
    const char *d = emb_xs_attr(xs, n, "countryDescription");
    if (!strcmp(iso, "00") || !strcasecmp(d, "UNKNOWN")) return "";
    return *d ? d : iso;
}

static const char *join(emb_xs *xs, const char *a, const char *b)
{
    if (!*b) return a;
    return *a ? emb_xs_fmt(xs, "%s, %s", a, b) : b;
}

static int add_details(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *e)
{
    int rc = 0;
    const char *v;
    EMB_XML_EACH(c, e, "citizenship") {
        if (*(v = country_of(xs, c)) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_CITIZENSHIP, "", v))) return rc;
    }
    EMB_XML_EACH(b, e, "birthdate") {
        const char *d = emb_xs_attr(xs, b, "birthdate");
        if (!*d) d = emb_xs_attr(xs, b, "year");
        if (*d && (rc = emb_dob_add(s, h, d))) return rc;
        const char *city = emb_xs_attr(xs, b, "city");
        if (!strcmp(city, "-")) city = "";
        const char *pob = join(xs, join(xs, join(xs, city, emb_xs_attr(xs, b, "place")), emb_xs_attr(xs, b, "region")),
                               country_of(xs, b));
        if (*pob && (rc = emb_source_attr(s, h, EMBARGO_ATTR_POB, "", pob))) return rc;
    }
    EMB_XML_EACH(id, e, "identification") {
        const char *num = emb_xs_attr(xs, id, "number");
        if (!*num) num = emb_xs_attr(xs, id, "latinNumber");
        if (!*num) continue;
        const char *code = emb_xs_attr(xs, id, "identificationTypeCode");
        const char *type = !strcasecmp(code, "passport") ? "Passport"
                         : !strcasecmp(code, "id") ? "National ID"
                         : *(v = emb_xs_attr(xs, id, "identificationTypeDescription")) ? v : code;
        if ((rc = emb_source_attr(s, h, EMBARGO_ATTR_ID, type, num))) return rc;
    }
    EMB_XML_EACH(a, e, "address") {
        const char *full = emb_xs_attr(xs, a, "street");
        full = join(xs, full, emb_xs_attr(xs, a, "poBox"));
        full = join(xs, full, emb_xs_attr(xs, a, "city"));
        full = join(xs, full, emb_xs_attr(xs, a, "zipCode"));
        full = join(xs, full, emb_xs_attr(xs, a, "region"));
        full = join(xs, full, emb_xs_attr(xs, a, "place"));
        const char *country = country_of(xs, a);
        full = join(xs, full, country);
        if (*full && (rc = emb_source_attr(s, h, EMBARGO_ATTR_ADDRESS, "", full))) return rc;
        if (*country && (rc = emb_source_attr(s, h, EMBARGO_ATTR_COUNTRY, "", country))) return rc;
    }
    EMB_XML_EACH(r, e, "remark") {
        if (*(v = emb_xs_text(xs, r)) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", v))) return rc;
    }
    EMB_XML_EACH(r, e, "regulation") {
        if (*(v = emb_xs_attr(xs, r, "programme")) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_PROGRAM, "", v))) return rc;
    }
    return 0;
}

static int parse_entity(emb_source *s, const char *path, xmlNodePtr e, emb_xs *xs, embargo_error *err)
{
    unsigned long line = emb_xml_line(e);
    const char *id = emb_xs_attr(xs, e, "logicalId");
    if (!*id) {
        emb_source_skip(s, "sanctionEntity without logicalId");
        return 0;
    }
    const char *code = emb_xs_attr(xs, emb_xml_child(e, "subjectType"), "code");
    embargo_schema schema = !strcasecmp(code, "person") ? EMBARGO_PERSON
                          : !strcasecmp(code, "enterprise") ? EMBARGO_ORGANIZATION : EMBARGO_SCHEMA_UNKNOWN;
    uint32_t h;
    int rc = emb_source_entity(s, id, schema, 0, &h);
    if (rc == EMBARGO_EPARSE) return emb_error_set(err, rc, path, line, "logicalId", "duplicate logicalId '%s'", id);
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add sanctionEntity %s", id);
    const xmlNode *primary = pick_primary(xs, e);
    if (primary) rc = emb_name_add(s, h, emb_xs_attr(xs, primary, "wholeName"), EMBARGO_NAME_PRIMARY);
    EMB_XML_EACH(a, e, "nameAlias") {
        if (rc) break;
        const char *whole = emb_xs_attr(xs, a, "wholeName");
        if (!*whole) {
            const char *first = emb_xs_attr(xs, a, "firstName"), *mid = emb_xs_attr(xs, a, "middleName");
            whole = emb_xs_fmt(xs, "%s %s %s", first, mid, emb_xs_attr(xs, a, "lastName"));
        }
        if (a != primary) {
            embargo_name_kind kind = !strcasecmp(emb_xs_attr(xs, a, "strong"), "false") ? EMBARGO_NAME_WEAK_ALIAS
                                                                                       : EMBARGO_NAME_ALIAS;
            rc = emb_name_add(s, h, whole, kind);
        }
        if (!rc) rc = add_alias_attrs(s, h, xs, a);
    }
    const char *v;
    if (!rc && *(v = emb_xs_attr(xs, e, "euReferenceNumber"))) rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "EU Reference Number", v);
    if (!rc && *(v = emb_xs_attr(xs, e, "unitedNationId"))) rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "UN Reference Number", v);
    if (!rc && *(v = emb_xs_attr(xs, e, "designationDetails"))) rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", v);
    if (!rc && *(v = emb_xs_attr(xs, e, "designationDate"))) {
        char iso[11];
        if (emb_date_parse(v, iso)) rc = emb_source_attr(s, h, EMBARGO_ATTR_LISTED_ON, "", iso);
    }
    if (!rc) rc = add_details(s, h, xs, e);
    if (!rc && xs->oom) rc = EMBARGO_ENOMEM;
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add sanctionEntity %s", id);
    return 0;
}

static int parse_one(emb_source *s, const char *path, embargo_error *err)
{
    xmlDocPtr doc;
    xmlNodePtr root;
    int rc = emb_xml_load_root(&doc, &root, path, "export", "EU FSF XML", err);
    if (rc) return rc;
    emb_xs xs = {0};
    const char *gen = emb_xs_attr(&xs, root, "generationDate");
    char iso[11];
    if (strlen(gen) >= 10 && emb_date_parse(emb_xs_fmt(&xs, "%.10s", gen), iso) == 10) emb_source_set_as_of(s, iso);
    emb_xs_reset(&xs);
    EMB_XML_EACH(e, root, "sanctionEntity") {
        rc = parse_entity(s, path, e, &xs, err);
        emb_xs_reset(&xs);
        if (rc) break;
    }
    emb_xs_free(&xs);
    xmlFreeDoc(doc);
    return rc;
}

int emb_parse_eu_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    return emb_parse_each(s, paths, n, err, parse_one);
}
