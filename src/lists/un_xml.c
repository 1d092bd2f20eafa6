/* un_xml.c - the UN Security Council consolidated list (CONSOLIDATED_LIST,
 * sc-sanctions.xsd): INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY records.
 * The file is about 2 MB, so it is read into a DOM with libxml2 (no network,
 * no entity expansion, errors collected instead of printed). */
#include "lists/dates.h"
#include "lists/lists.h"
#include "util/error.h"
#include "util/file.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_DATES 16

int emb_sniff_un_xml(const char *path, const unsigned char *head, size_t n)
{
    (void)path;
    return emb_sniff_contains(head, n, "<CONSOLIDATED_LIST");
}

static int is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, name)) return c;
    return NULL;
}

/* Trimmed text of an element into buf ("" if absent).  Text longer than
 * the buffer is cut at a character boundary, so it stays valid UTF-8. */
static const char *text(const xmlNode *n, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (!n) return buf;
    xmlChar *t = xmlNodeGetContent(n);
    if (t) {
        size_t len = strlen((const char *)t);
        if (len >= cap) {
            len = cap - 1;
            while (len && ((unsigned char)t[len] & 0xC0) == 0x80) len--;
        }
        memcpy(buf, t, len);
        buf[len] = '\0';
        xmlFree(t);
    }
    return emb_trim(buf);
}

static const char *child_text(const xmlNode *n, const char *name, char *buf, size_t cap)
{
    return text(child(n, name), buf, cap);
}

typedef struct un_rec {
    emb_source *s;
    uint32_t h;
    const char *path;
    embargo_error *err;
} un_rec;

static int attr(un_rec *r, embargo_attr_kind kind, const char *type, const char *value)
{
    return emb_source_attr(r->s, r->h, kind, type, value);
}

static int add_dates(un_rec *r, const char *v)
{
    char dates[MAX_DATES][11];
    size_t n = emb_date_parse_range(v, dates, MAX_DATES);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) rc = attr(r, EMBARGO_ATTR_DOB, "", dates[i]);
    return rc;
}

/* Every VALUE child of the element `name` as an attribute of `kind`. */
static int values(un_rec *r, const xmlNode *rec, const char *name, embargo_attr_kind kind)
{
    int rc = 0;
    char buf[1024];
    for (xmlNode *c = rec->children; c && !rc; c = c->next) {
        if (!is_el(c, name)) continue;
        for (xmlNode *v = c->children; v && !rc; v = v->next)
            if (is_el(v, "VALUE")) rc = attr(r, kind, "", text(v, buf, sizeof buf));
    }
    return rc;
}

/* Joins the non-empty children `parts` of n with ", " into buf. */
static const char *join(const xmlNode *n, const char *const *parts, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    char part[512];
    for (size_t i = 0; parts[i]; i++) {
        const char *v = child_text(n, parts[i], part, sizeof part);
        if (*v && o < cap) o += (size_t)snprintf(buf + o, cap - o, "%s%s", o ? ", " : "", v);
    }
    return buf;
}

static int alias(un_rec *r, const xmlNode *a)
{
    char q[64], name[1024];
    child_text(a, "QUALITY", q, sizeof q);
    child_text(a, "ALIAS_NAME", name, sizeof name);
    if (!name[0]) return 0;
    embargo_name_kind kind = EMBARGO_NAME_ALIAS; /* "Good", "a.k.a." and unqualified */
    if (strcasecmp(q, "Low") == 0) kind = EMBARGO_NAME_WEAK_ALIAS;
    else if (strcasecmp(q, "f.k.a.") == 0) kind = EMBARGO_NAME_FORMER;
    int rc = emb_source_name(r->s, r->h, name, kind);
    /* some individual aliases carry the birth data used under that name */
    char buf[512];
    if (!rc && *child_text(a, "DATE_OF_BIRTH", buf, sizeof buf)) rc = add_dates(r, buf);
    static const char *const pob[] = {"CITY_OF_BIRTH", "COUNTRY_OF_BIRTH", NULL};
    if (!rc) rc = attr(r, EMBARGO_ATTR_POB, "", join(a, pob, buf, sizeof buf));
    return rc;
}

static int date_of_birth(un_rec *r, const xmlNode *d)
{
    char buf[256], to[32];
    if (*child_text(d, "DATE", buf, sizeof buf)) return add_dates(r, buf);
    if (*child_text(d, "YEAR", buf, sizeof buf)) return add_dates(r, buf);
    if (*child_text(d, "FROM_YEAR", buf, sizeof buf)) {
        if (*child_text(d, "TO_YEAR", to, sizeof to)) {
            char range[300];
            snprintf(range, sizeof range, "%s to %s", buf, to);
            return add_dates(r, range);
        }
        return add_dates(r, buf);
    }
    /* only a note such as "Nov. 1973": use it if it is a plain date */
    if (*child_text(d, "NOTE", buf, sizeof buf)) return add_dates(r, buf);
    return 0;
}

/* UN document types come in English, French and Spanish. */
static const char *doc_type(const char *t)
{
    if (strncasecmp(t, "Passport", 8) == 0 || strncasecmp(t, "Num\xc3\xa9ro de passeport", 20) == 0 ||
        strncasecmp(t, "N\xc3\xbamero de pasaporte", 20) == 0)
        return "Passport";
    if (strncasecmp(t, "National Identification", 23) == 0) return "National ID";
    return t;
}

static int document(un_rec *r, const xmlNode *d)
{
    char type[256], num[256];
    child_text(d, "TYPE_OF_DOCUMENT", type, sizeof type);
    child_text(d, "NUMBER", num, sizeof num);
    if (!num[0]) return 0;
    /* collapse the line break some types carry */
    for (char *p = type; *p; p++)
        if (*p == '\n' || *p == '\t' || *p == '\r') *p = ' ';
    return attr(r, EMBARGO_ATTR_ID, type[0] ? doc_type(type) : "Document", num);
}

static int address(un_rec *r, const xmlNode *a)
{
    static const char *const parts[] = {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", NULL};
    char buf[2048], country[256];
    int rc = attr(r, EMBARGO_ATTR_ADDRESS, "", join(a, parts, buf, sizeof buf));
    if (!rc) rc = attr(r, EMBARGO_ATTR_COUNTRY, "", child_text(a, "COUNTRY", country, sizeof country));
    return rc;
}

static int record(un_rec *r, const xmlNode *rec, embargo_schema schema)
{
    char id[128], buf[4096];
    unsigned long line = (unsigned long)xmlGetLineNo((xmlNode *)rec);
    child_text(rec, "REFERENCE_NUMBER", id, sizeof id);
    if (!id[0]) child_text(rec, "DATAID", id, sizeof id);
    if (!id[0]) {
        emb_source_skip(r->s, "record without a reference number or DATAID");
        return 0;
    }
    int rc = emb_source_entity(r->s, id, schema, 0, &r->h);
    if (rc == EMBARGO_EPARSE)
        return emb_error_set(r->err, rc, r->path, line, "REFERENCE_NUMBER", "duplicate reference number %s", id);
    if (rc) return rc;
    /* FIRST_NAME .. FOURTH_NAME, joined by spaces */
    static const char *const parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"};
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < 4; i++) {
        char part[1024];
        const char *v = child_text(rec, parts[i], part, sizeof part);
        if (*v && o < sizeof buf) o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", o ? " " : "", v);
    }
    rc = emb_source_name(r->s, r->h, buf, EMBARGO_NAME_PRIMARY);
    if (!rc) rc = attr(r, EMBARGO_ATTR_CROSSREF, "", id);
    for (xmlNode *c = rec->children; c && !rc; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const char *n = (const char *)c->name;
        if (!strcmp(n, "NAME_ORIGINAL_SCRIPT"))
            rc = emb_source_name(r->s, r->h, text(c, buf, sizeof buf), EMBARGO_NAME_ORIGINAL);
        else if (!strcmp(n, "INDIVIDUAL_ALIAS") || !strcmp(n, "ENTITY_ALIAS"))
            rc = alias(r, c);
        else if (!strcmp(n, "INDIVIDUAL_DATE_OF_BIRTH"))
            rc = date_of_birth(r, c);
        else if (!strcmp(n, "INDIVIDUAL_PLACE_OF_BIRTH")) {
            static const char *const pob[] = {"CITY", "STATE_PROVINCE", "COUNTRY", NULL};
            rc = attr(r, EMBARGO_ATTR_POB, "", join(c, pob, buf, sizeof buf));
        } else if (!strcmp(n, "INDIVIDUAL_DOCUMENT"))
            rc = document(r, c);
        else if (!strcmp(n, "INDIVIDUAL_ADDRESS") || !strcmp(n, "ENTITY_ADDRESS"))
            rc = address(r, c);
        else if (!strcmp(n, "UN_LIST_TYPE"))
            rc = attr(r, EMBARGO_ATTR_PROGRAM, "", text(c, buf, sizeof buf));
        else if (!strcmp(n, "LISTED_ON")) {
            char d[11];
            if (emb_date_parse(text(c, buf, sizeof buf), d)) rc = attr(r, EMBARGO_ATTR_LISTED_ON, "", d);
        } else if (!strcmp(n, "COMMENTS1"))
            rc = attr(r, EMBARGO_ATTR_REMARK, "", text(c, buf, sizeof buf));
        else if (!strcmp(n, "GENDER")) {
            text(c, buf, sizeof buf);
            if (!strcasecmp(buf, "Male")) rc = attr(r, EMBARGO_ATTR_GENDER, "", "male");
            else if (!strcasecmp(buf, "Female")) rc = attr(r, EMBARGO_ATTR_GENDER, "", "female");
        }
    }
    if (!rc) rc = values(r, rec, "NATIONALITY", EMBARGO_ATTR_NATIONALITY);
    if (!rc) rc = values(r, rec, "TITLE", EMBARGO_ATTR_TITLE);
    if (!rc) rc = values(r, rec, "DESIGNATION", EMBARGO_ATTR_POSITION);
    if (rc == EMBARGO_ENOMEM) emb_error_set(r->err, rc, r->path, line, NULL, "out of memory");
    return rc;
}

static int parse_doc(emb_source *s, const char *path, xmlDoc *doc, embargo_error *err)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!is_el(root, "CONSOLIDATED_LIST"))
        return emb_error_set(err, EMBARGO_EPARSE, path, root ? (unsigned long)xmlGetLineNo(root) : 1, "",
                             "root element is <%s>, not <CONSOLIDATED_LIST>",
                             root ? (const char *)root->name : "(none)");
    xmlChar *gen = xmlGetProp(root, (const xmlChar *)"dateGenerated");
    if (gen) {
        char d[11], head[11];
        snprintf(head, sizeof head, "%s", (const char *)gen); /* "2026-02-27T00:00:09.554Z" */
        if (emb_date_parse(head, d) == 10) emb_source_set_as_of(s, d);
        xmlFree(gen);
    }
    un_rec r = {s, 0, path, err};
    int rc = 0;
    for (xmlNode *g = root->children; g && !rc; g = g->next) {
        const char *item = is_el(g, "INDIVIDUALS") ? "INDIVIDUAL" : is_el(g, "ENTITIES") ? "ENTITY" : NULL;
        if (!item) continue;
        embargo_schema schema = item[0] == 'I' ? EMBARGO_PERSON : EMBARGO_ORGANIZATION;
        for (xmlNode *e = g->children; e && !rc; e = e->next)
            if (is_el(e, item)) rc = record(&r, e, schema);
    }
    return rc;
}

static int parse_one(emb_source *s, const char *path, embargo_error *err)
{
    char *data;
    size_t len;
    int rc = emb_file_read(path, &data, &len, err);
    if (rc) return rc;
    if (len > (size_t)0x7fffffff) {
        free(data);
        return emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "file too large for the XML parser");
    }
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        free(data);
        return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory");
    }
    /* no network, no DTD loading or entity substitution, and errors are
     * kept in the context instead of printed: the library never prints */
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc || !ctxt->wellFormed) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[256] = "malformed XML";
        unsigned long line = 0;
        if (e && e->message) {
            snprintf(msg, sizeof msg, "malformed XML: %s", e->message);
            size_t m = strlen(msg);
            while (m && (msg[m - 1] == '\n' || msg[m - 1] == ' ')) msg[--m] = '\0';
        }
        if (e) line = (unsigned long)(e->line > 0 ? e->line : 0);
        rc = emb_error_set(err, EMBARGO_EPARSE, path, line, "", "%s", msg);
    } else {
        rc = parse_doc(s, path, doc, err);
    }
    xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    free(data);
    return rc;
}

int emb_parse_un_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    return emb_parse_each(s, paths, n, err, parse_one);
}
