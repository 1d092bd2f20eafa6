/* sheet.c - the first worksheet of an XLSX or ODS file, row by row.
 *
 * XLSX (Office Open XML): xl/workbook.xml names the sheets, its relations
 * file maps the first sheet's r:id to a part (usually
 * xl/worksheets/sheet1.xml); text cells mostly refer by index to
 * xl/sharedStrings.xml.  ODS (OpenDocument): content.xml holds every table;
 * runs of identical cells and rows are written once with a repeat count, and
 * LibreOffice pads each row to 16384 columns and the sheet to 1048576 rows
 * that way, so empty repeats are counted, never materialized.
 *
 * Parts are inflated whole into memory (bounded by EMB_SHEET_MAX_PART) and
 * walked with libxml2's streaming reader.  Element names are matched by local
 * name (XLSX: transitional and strict namespaces alike) or by namespace and
 * local name (ODS). */
#include "lists/sheet.h"
#include "util/error.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlreader.h>
#include <zip.h>

/* The largest part inflated into memory: far above any official list
 * (OFSI's sheet1.xml is 13 MB) and a bound on zip bombs. */
#define EMB_SHEET_MAX_PART (512UL * 1024 * 1024)
/* The largest row (all its cells' text together). */
#define EMB_SHEET_MAX_ROW_BYTES (64UL * 1024 * 1024)

#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"

/* Walk results beyond the usual 0 / negative status. */
#define WALK_STOP 1 /* the handler has what it wanted */
#define WALK_USER 2 /* the row callback returned nonzero (kept in ctx->user_rc) */

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

/* Appends n bytes and keeps the buffer NUL-terminated; -1 on allocation failure. */
static int buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return -1;
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

/* One row being assembled: cell texts back to back in `text`, each
 * NUL-terminated; offset 0 is the shared empty string. */
typedef struct rowb {
    buf text;
    size_t *off;
    unsigned char *types;
    const char **ptrs;
    size_t n, cap;
    size_t used; /* cells up to the last non-empty one */
} rowb;

static int rowb_reset(rowb *r)
{
    r->text.len = 0;
    r->n = r->used = 0;
    return buf_add(&r->text, "", 1); /* text.p[0] = '\0', len 1 */
}

static int rowb_push(rowb *r, const char *s, size_t n, unsigned char type)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        size_t *off = realloc(r->off, cap * sizeof *off);
        if (!off) return -1;
        r->off = off;
        unsigned char *t = realloc(r->types, cap);
        if (!t) return -1;
        r->types = t;
        const char **p = realloc(r->ptrs, cap * sizeof *p);
        if (!p) return -1;
        r->ptrs = p;
        r->cap = cap;
    }
    r->off[r->n] = 0;
    r->types[r->n] = type;
    if (n) {
        r->off[r->n] = r->text.len;
        if (buf_add(&r->text, s, n) || buf_add(&r->text, "", 1)) return -1;
        r->used = r->n + 1;
    }
    r->n++;
    return 0;
}

typedef struct sheet_ctx {
    const char *path;
    const char *part;         /* the part being read, for messages */
    embargo_error *err;
    emb_sheet_row_fn fn;
    void *user;
    int user_rc;
    rowb row;
    buf cell;                 /* text of the cell being read */
    /* XLSX shared strings: texts back to back, NUL-terminated */
    buf sst;
    size_t *sst_off;
    size_t sst_n, sst_cap;
    int have_sst;
    /* first XML error reported by libxml2 */
    char xml_msg[200];
    int xml_line;
} sheet_ctx;

static int oom(sheet_ctx *c)
{
    return emb_error_set(c->err, EMBARGO_ENOMEM, c->path, 0, NULL, "out of memory reading part %s", c->part);
}

static int emit_row(sheet_ctx *c, unsigned long rownum)
{
    rowb *r = &c->row;
    for (size_t i = 0; i < r->used; i++) r->ptrs[i] = r->text.p + r->off[i];
    emb_sheet_row row = {rownum, r->used, r->ptrs, r->types};
    int rc = c->fn(c->user, &row, c->err);
    if (rc) { c->user_rc = rc; return WALK_USER; }
    return 0;
}

/* ---- zip ---- */

/* Inflates one part into a malloc'd buffer.  Returns 0, 1 if the part is
 * absent and `optional`, or a negative status. */
static int zip_part(sheet_ctx *c, zip_t *z, const char *part, int optional, char **out, size_t *len)
{
    zip_stat_t st;
    zip_stat_init(&st);
    *out = NULL;
    *len = 0;
    if (zip_stat(z, part, 0, &st) != 0) {
        if (optional) return 1;
        return emb_error_set(c->err, EMBARGO_EPARSE, c->path, 0, NULL,
                             "the archive has no part %s (not a complete spreadsheet file)", part);
    }
    if (!(st.valid & ZIP_STAT_SIZE) || st.size > EMB_SHEET_MAX_PART)
        return emb_error_set(c->err, EMBARGO_EPARSE, c->path, 0, NULL,
                             "part %s is larger than %lu bytes inflated", part, EMB_SHEET_MAX_PART);
    zip_file_t *f = zip_fopen(z, part, 0);
    if (!f)
        return emb_error_set(c->err, EMBARGO_EPARSE, c->path, 0, NULL, "cannot open part %s: %s", part,
                             zip_strerror(z));
    size_t size = (size_t)st.size;
    char *data = malloc(size + 1);
    if (!data) { zip_fclose(f); c->part = part; return oom(c); }
    size_t got = 0;
    int rc = 0;
    while (got < size) {
        zip_int64_t n = zip_fread(f, data + got, size - got);
        if (n < 0) { rc = -1; break; }
        if (n == 0) break;
        got += (size_t)n;
    }
    /* One more read reaches the end of the stream, where libzip checks the CRC. */
    char extra;
    if (!rc && (got != size || zip_fread(f, &extra, 1) != 0)) rc = -1;
    if (rc) {
        rc = emb_error_set(c->err, EMBARGO_EPARSE, c->path, 0, NULL, "part %s is corrupt or truncated: %s", part,
                           got != size ? "fewer bytes than its stated size" : zip_file_strerror(f));
        zip_fclose(f);
        free(data);
        return rc;
    }
    zip_fclose(f);
    data[size] = '\0';
    *out = data;
    *len = size;
    return 0;
}

/* ---- XML walking ---- */

static void on_xml_error(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
    sheet_ctx *c = arg;
    if (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR) return;
    if (c->xml_msg[0]) return; /* keep the first */
    size_t n = strlen(msg ? msg : "");
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) n--;
    if (n >= sizeof c->xml_msg) n = sizeof c->xml_msg - 1;
    memcpy(c->xml_msg, msg ? msg : "", n);
    c->xml_msg[n] = '\0';
    c->xml_line = loc ? xmlTextReaderLocatorLineNumber(loc) : 0;
}

typedef int (*node_fn)(void *state, xmlTextReaderPtr r, int type);

/* Streams `data` (the part c->part) through fn until its end, an error or
 * WALK_STOP.  Returns 0, WALK_USER or a negative status. */
static int xml_walk(sheet_ctx *c, const char *data, size_t len, node_fn fn, void *state)
{
    if (len > INT_MAX)
        return emb_error_set(c->err, EMBARGO_EPARSE, c->path, 0, NULL, "part %s is too large", c->part);
    c->xml_msg[0] = '\0';
    c->xml_line = 0;
    xmlTextReaderPtr r = xmlReaderForMemory(data, (int)len, c->part, NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!r) return oom(c);
    xmlTextReaderSetErrorHandler(r, on_xml_error, c);
    int ret, rc = 0;
    while ((ret = xmlTextReaderRead(r)) == 1) {
        rc = fn(state, r, xmlTextReaderNodeType(r));
        if (rc) break;
    }
    if (!rc && ret < 0) {
        int line = c->xml_line ? c->xml_line : xmlTextReaderGetParserLineNumber(r);
        rc = emb_error_set(c->err, EMBARGO_EPARSE, c->path, 0, NULL, "part %s is not well-formed XML (XML line %d): %s",
                           c->part, line, c->xml_msg[0] ? c->xml_msg : "parse error");
    }
    xmlFreeTextReader(r);
    return rc == WALK_STOP ? 0 : rc;
}

static int is_text_node(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE ||
           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static int local_is(xmlTextReaderPtr r, const char *name)
{
    const xmlChar *l = xmlTextReaderConstLocalName(r);
    return l && strcmp((const char *)l, name) == 0;
}

static int ns_is(xmlTextReaderPtr r, const char *ns, const char *name)
{
    const xmlChar *u = xmlTextReaderConstNamespaceUri(r);
    return u && strcmp((const char *)u, ns) == 0 && local_is(r, name);
}

static int append_value(sheet_ctx *c, xmlTextReaderPtr r)
{
    const xmlChar *v = xmlTextReaderConstValue(r);
    if (v && buf_add(&c->cell, (const char *)v, strlen((const char *)v))) return oom(c);
    return 0;
}

/* Parses a decimal count attribute; `dflt` when absent or invalid, at most `max`. */
static unsigned long count_attr(xmlTextReaderPtr r, const char *name, const char *ns, unsigned long dflt,
                                unsigned long max)
{
    xmlChar *a = ns ? xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)ns)
                    : xmlTextReaderGetAttribute(r, (const xmlChar *)name);
    if (!a) return dflt;
    char *end;
    errno = 0;
    unsigned long v = strtoul((const char *)a, &end, 10);
    int ok = end != (const char *)a && *end == '\0' && a[0] != '-';
    xmlFree(a);
    if (!ok) return dflt;
    if (errno == ERANGE || v > max) return max;
    return v;
}

/* ---- XLSX ---- */

/* Decodes OOXML's ST_Xstring escapes "_xHHHH_" (control characters, and
 * "_x005F_" for a literal underscore) in place. */
static void decode_xstring(buf *b)
{
    char *s = b->p, *o = b->p;
    if (!s) return;
    const char *end = s + b->len;
    while (s < end) {
        unsigned v = 0;
        int ok = end - s >= 7 && s[0] == '_' && s[1] == 'x' && s[6] == '_';
        for (int i = 2; ok && i < 6; i++) {
            char h = s[i];
            v <<= 4;
            if (h >= '0' && h <= '9') v |= (unsigned)(h - '0');
            else if (h >= 'a' && h <= 'f') v |= (unsigned)(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') v |= (unsigned)(h - 'A' + 10);
            else ok = 0;
        }
        if (!ok || (v >= 0xD800 && v <= 0xDFFF)) { *o++ = *s++; continue; }
        s += 7;
        if (v == 0) continue;
        if (v < 0x80) *o++ = (char)v;
        else if (v < 0x800) { *o++ = (char)(0xC0 | (v >> 6)); *o++ = (char)(0x80 | (v & 0x3F)); }
        else { *o++ = (char)(0xE0 | (v >> 12)); *o++ = (char)(0x80 | ((v >> 6) & 0x3F)); *o++ = (char)(0x80 | (v & 0x3F)); }
    }
    b->len = (size_t)(o - b->p);
    b->p[b->len] = '\0';
}

typedef struct sst_state {
    sheet_ctx *c;
    int in_si, in_t, in_rph;
} sst_state;

static int sst_push(sheet_ctx *c)
{
    decode_xstring(&c->cell);
    if (c->sst_n == c->sst_cap) {
        size_t cap = c->sst_cap ? c->sst_cap * 2 : 1024;
        size_t *o = realloc(c->sst_off, cap * sizeof *o);
        if (!o) return oom(c);
        c->sst_off = o;
        c->sst_cap = cap;
    }
    c->sst_off[c->sst_n++] = c->sst.len;
    if (buf_add(&c->sst, c->cell.p ? c->cell.p : "", c->cell.len) || buf_add(&c->sst, "", 1)) return oom(c);
    return 0;
}

/* Shared strings: <si><t>text</t></si> or rich text <si><r><t>a</t></r><r><t>b</t></r></si>;
 * phonetic runs <rPh> are readings, not text. */
static int sst_node(void *p, xmlTextReaderPtr r, int type)
{
    sst_state *s = p;
    sheet_ctx *c = s->c;
    if (type == XML_READER_TYPE_ELEMENT) {
        int empty = xmlTextReaderIsEmptyElement(r);
        if (local_is(r, "si")) {
            c->cell.len = 0;
            if (empty) return sst_push(c);
            s->in_si = 1;
            s->in_t = s->in_rph = 0;
        } else if (s->in_si && local_is(r, "rPh") && !empty) {
            s->in_rph = 1;
        } else if (s->in_si && !s->in_rph && local_is(r, "t") && !empty) {
            s->in_t = 1;
        }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (local_is(r, "si") && s->in_si) {
            s->in_si = 0;
            return sst_push(c);
        }
        if (local_is(r, "rPh")) s->in_rph = 0;
        else if (local_is(r, "t")) s->in_t = 0;
    } else if (s->in_t && is_text_node(type)) {
        return append_value(c, r);
    }
    return 0;
}

typedef struct xlsx_state {
    sheet_ctx *c;
    unsigned long row;     /* number of the current (or last) row */
    int in_row, in_cell, in_v, in_is, in_t, in_rph;
    unsigned long col;     /* 0-based column of the current cell */
    char t[12];            /* the cell's t attribute */
} xlsx_state;

/* "B12" -> column 1.  Returns 0 or -1 if it is not a cell reference. */
static int parse_ref(const char *ref, unsigned long *col)
{
    unsigned long v = 0;
    size_t i = 0;
    while ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z')) {
        if (i == 3) return -1;
        v = v * 26 + (unsigned long)((ref[i] | 0x20) - 'a' + 1);
        i++;
    }
    if (i == 0) return -1;
    for (size_t k = i; ref[k]; k++)
        if (ref[k] < '0' || ref[k] > '9') return -1;
    *col = v - 1;
    return 0;
}

static int cell_error(sheet_ctx *c, unsigned long row, const char *what)
{
    return emb_error_set(c->err, EMBARGO_EPARSE, c->path, row, NULL, "part %s: %s", c->part, what);
}

static int xlsx_cell_end(xlsx_state *s)
{
    sheet_ctx *c = s->c;
    if (s->col >= EMB_SHEET_MAX_COLS) return cell_error(c, s->row, "a cell lies beyond the last column (XFD)");
    if (s->col < c->row.n) return cell_error(c, s->row, "cells are out of column order");
    unsigned char type = EMB_CELL_TEXT;
    const char *text = c->cell.p ? c->cell.p : "";
    size_t n = c->cell.len;
    if (!strcmp(s->t, "s")) {
        if (n) {
            char *end;
            errno = 0;
            unsigned long k = strtoul(text, &end, 10);
            if (!c->have_sst) return cell_error(c, s->row, "a cell refers to shared strings but the file has none (xl/sharedStrings.xml)");
            if (*end || end == text || errno || k >= c->sst_n)
                return cell_error(c, s->row, "a cell refers to a shared string that does not exist");
            text = c->sst.p + c->sst_off[k];
            n = strlen(text);
        }
    } else if (!strcmp(s->t, "inlineStr") || !strcmp(s->t, "str")) {
        decode_xstring(&c->cell);
        text = c->cell.p ? c->cell.p : "";
        n = c->cell.len;
    } else if (!strcmp(s->t, "d")) {
        type = EMB_CELL_DATE;
    } else if (!s->t[0] || !strcmp(s->t, "n")) {
        type = EMB_CELL_NUMBER;
    }
    while (c->row.n < s->col)
        if (rowb_push(&c->row, "", 0, EMB_CELL_TEXT)) return oom(c);
    if (c->row.text.len + n > EMB_SHEET_MAX_ROW_BYTES) return cell_error(c, s->row, "the row is too large");
    if (rowb_push(&c->row, text, n, type)) return oom(c);
    return 0;
}

static int xlsx_node(void *p, xmlTextReaderPtr r, int type)
{
    xlsx_state *s = p;
    sheet_ctx *c = s->c;
    if (type == XML_READER_TYPE_ELEMENT) {
        int empty = xmlTextReaderIsEmptyElement(r);
        if (local_is(r, "row")) {
            unsigned long n = count_attr(r, "r", NULL, s->row + 1, EMB_SHEET_MAX_ROWS + 1);
            if (n <= s->row) return cell_error(c, n, "rows are out of order");
            if (n > EMB_SHEET_MAX_ROWS) return cell_error(c, 0, "a row lies beyond row 1048576");
            s->row = n;
            s->in_row = !empty;
            s->in_cell = 0;
            if (rowb_reset(&c->row)) return oom(c);
        } else if (s->in_row && local_is(r, "c")) {
            xmlChar *ref = xmlTextReaderGetAttribute(r, (const xmlChar *)"r");
            unsigned long col = c->row.n;
            int bad = ref && parse_ref((const char *)ref, &col) != 0;
            xmlFree(ref);
            if (bad) return cell_error(c, s->row, "a cell has an invalid reference");
            xmlChar *t = xmlTextReaderGetAttribute(r, (const xmlChar *)"t");
            snprintf(s->t, sizeof s->t, "%s", t ? (const char *)t : "");
            xmlFree(t);
            s->col = col;
            c->cell.len = 0;
            if (c->cell.p) c->cell.p[0] = '\0';
            s->in_v = s->in_is = s->in_t = s->in_rph = 0;
            s->in_cell = !empty; /* an empty <c/> is a missing cell */
        } else if (s->in_cell && !empty) {
            if (local_is(r, "v") && !s->in_is) s->in_v = 1;
            else if (local_is(r, "is")) s->in_is = 1;
            else if (s->in_is && local_is(r, "rPh")) s->in_rph = 1;
            else if (s->in_is && !s->in_rph && local_is(r, "t")) s->in_t = 1;
        }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (local_is(r, "row") && s->in_row) {
            s->in_row = 0;
            if (c->row.used) return emit_row(c, s->row);
        } else if (s->in_cell) {
            if (local_is(r, "c")) { s->in_cell = 0; return xlsx_cell_end(s); }
            if (local_is(r, "v")) s->in_v = 0;
            else if (local_is(r, "is")) s->in_is = 0;
            else if (local_is(r, "rPh")) s->in_rph = 0;
            else if (local_is(r, "t")) s->in_t = 0;
        }
    } else if ((s->in_v || s->in_t) && is_text_node(type)) {
        return append_value(c, r);
    }
    return 0;
}

/* xl/workbook.xml: the r:id of the first <sheet>. */
typedef struct wb_state {
    char rid[128];
} wb_state;

static int wb_node(void *p, xmlTextReaderPtr r, int type)
{
    wb_state *s = p;
    if (type != XML_READER_TYPE_ELEMENT || !local_is(r, "sheet")) return 0;
    if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
        do {
            const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
            if (local_is(r, "id") && ns && strstr((const char *)ns, "relationships")) {
                snprintf(s->rid, sizeof s->rid, "%s", (const char *)xmlTextReaderConstValue(r));
                break;
            }
        } while (xmlTextReaderMoveToNextAttribute(r) == 1);
        xmlTextReaderMoveToElement(r);
    }
    return WALK_STOP;
}

/* xl/_rels/workbook.xml.rels: the targets of the first sheet and of the shared strings. */
typedef struct rels_state {
    const char *rid;
    char sheet[256], sst[256];
} rels_state;

static void resolve_target(char *out, size_t cap, const char *target)
{
    if (target[0] == '/') snprintf(out, cap, "%s", target + 1);
    else snprintf(out, cap, "xl/%s", target);
}

static int rels_node(void *p, xmlTextReaderPtr r, int type)
{
    rels_state *s = p;
    if (type != XML_READER_TYPE_ELEMENT || !local_is(r, "Relationship")) return 0;
    xmlChar *id = xmlTextReaderGetAttribute(r, (const xmlChar *)"Id");
    xmlChar *target = xmlTextReaderGetAttribute(r, (const xmlChar *)"Target");
    xmlChar *rtype = xmlTextReaderGetAttribute(r, (const xmlChar *)"Type");
    if (id && target && s->rid[0] && !strcmp((const char *)id, s->rid))
        resolve_target(s->sheet, sizeof s->sheet, (const char *)target);
    if (rtype && target) {
        size_t n = strlen((const char *)rtype);
        if (n >= 14 && !strcmp((const char *)rtype + n - 14, "/sharedStrings"))
            resolve_target(s->sst, sizeof s->sst, (const char *)target);
    }
    xmlFree(id);
    xmlFree(target);
    xmlFree(rtype);
    return 0;
}

static int read_xlsx(sheet_ctx *c, zip_t *z)
{
    char *data = NULL;
    size_t len;
    wb_state wb = {""};
    rels_state rels = {wb.rid, "", ""};
    /* Which part is the first sheet: the workbook and its relations say; a
     * file without them still gets its sheet1.xml read. */
    c->part = "xl/workbook.xml";
    int rc = zip_part(c, z, c->part, 1, &data, &len);
    if (rc < 0) return rc;
    if (rc == 0) {
        rc = xml_walk(c, data, len, wb_node, &wb);
        free(data);
        if (rc) return rc;
        c->part = "xl/_rels/workbook.xml.rels";
        rc = zip_part(c, z, c->part, 1, &data, &len);
        if (rc < 0) return rc;
        if (rc == 0) {
            rc = xml_walk(c, data, len, rels_node, &rels);
            free(data);
            if (rc) return rc;
        }
    }
    char sheet[256], sst[256];
    snprintf(sheet, sizeof sheet, "%s", rels.sheet[0] ? rels.sheet : "xl/worksheets/sheet1.xml");
    snprintf(sst, sizeof sst, "%s", rels.sst[0] ? rels.sst : "xl/sharedStrings.xml");

    c->part = sst;
    rc = zip_part(c, z, sst, 1, &data, &len);
    if (rc < 0) return rc;
    if (rc == 0) {
        sst_state ss = {c, 0, 0, 0};
        rc = xml_walk(c, data, len, sst_node, &ss);
        free(data);
        if (rc) return rc;
        c->have_sst = 1;
    }
    c->part = sheet;
    rc = zip_part(c, z, sheet, 0, &data, &len);
    if (rc) return rc;
    xlsx_state xs;
    memset(&xs, 0, sizeof xs);
    xs.c = c;
    rc = xml_walk(c, data, len, xlsx_node, &xs);
    free(data);
    return rc;
}

/* ---- ODS ---- */

typedef struct ods_state {
    sheet_ctx *c;
    int in_table;          /* inside the first table:table */
    int skip_depth;        /* >= 0: ignoring a subtree (annotations, nested tables) */
    int in_row, in_cell, in_p;
    unsigned long row;     /* physical rows consumed so far */
    unsigned long row_repeat, col_repeat;
    size_t pending_empty;  /* empty cells not yet materialized */
    int has_value;         /* the cell's value came from an office:*value attribute */
    unsigned char type;
    int paragraphs;
    int at_start, pending_space; /* ODF whitespace collapsing within a paragraph */
} ods_state;

static int ods_add(ods_state *s, const char *t, size_t n)
{
    if (s->c->cell.len + n > EMB_SHEET_MAX_ROW_BYTES) return cell_error(s->c, s->row + 1, "a cell is too large");
    if (buf_add(&s->c->cell, t, n)) return oom(s->c);
    return 0;
}

/* Literal text of a paragraph: ODF collapses runs of white space to one
 * space and drops it at the paragraph's start and end (text:s, text:tab and
 * text:line-break carry the deliberate ones). */
static int ods_text(ods_state *s, const char *t)
{
    for (; *t; t++) {
        char ch = *t;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            if (!s->at_start) s->pending_space = 1;
            continue;
        }
        if (s->pending_space) {
            int rc = ods_add(s, " ", 1);
            if (rc) return rc;
            s->pending_space = 0;
        }
        int rc = ods_add(s, t, 1);
        if (rc) return rc;
        s->at_start = 0;
    }
    return 0;
}

static int ods_special(ods_state *s, const char *t, unsigned long n)
{
    int rc = 0;
    if (s->pending_space) { rc = ods_add(s, " ", 1); s->pending_space = 0; }
    for (unsigned long i = 0; i < n && !rc; i++) rc = ods_add(s, t, 1);
    s->at_start = 0;
    return rc;
}

static int ods_cell_start(ods_state *s, xmlTextReaderPtr r)
{
    sheet_ctx *c = s->c;
    s->col_repeat = count_attr(r, "number-columns-repeated", NS_TABLE, 1, EMB_SHEET_MAX_COLS + 1);
    if (s->col_repeat == 0) s->col_repeat = 1;
    c->cell.len = 0;
    if (c->cell.p) c->cell.p[0] = '\0';
    s->has_value = 0;
    s->type = EMB_CELL_TEXT;
    s->paragraphs = 0;
    xmlChar *vt = xmlTextReaderGetAttributeNs(r, (const xmlChar *)"value-type", (const xmlChar *)NS_OFFICE);
    const char *attr = NULL;
    if (vt) {
        const char *v = (const char *)vt;
        if (!strcmp(v, "float") || !strcmp(v, "percentage") || !strcmp(v, "currency"))
            attr = "value", s->type = EMB_CELL_NUMBER;
        else if (!strcmp(v, "date")) attr = "date-value", s->type = EMB_CELL_DATE;
        else if (!strcmp(v, "time")) attr = "time-value";
        else if (!strcmp(v, "boolean")) attr = "boolean-value";
        else if (!strcmp(v, "string")) attr = "string-value";
        xmlFree(vt);
    }
    if (attr) {
        xmlChar *val = xmlTextReaderGetAttributeNs(r, (const xmlChar *)attr, (const xmlChar *)NS_OFFICE);
        if (val) {
            int rc = ods_add(s, (const char *)val, strlen((const char *)val));
            xmlFree(val);
            if (rc) return rc;
            s->has_value = 1;
        }
    }
    if (!s->has_value) s->type = EMB_CELL_TEXT;
    return 0;
}

static int ods_cell_end(ods_state *s)
{
    sheet_ctx *c = s->c;
    s->in_cell = 0;
    size_t n = c->cell.len;
    if (n == 0) {
        s->pending_empty += s->col_repeat;
        if (s->pending_empty > EMB_SHEET_MAX_COLS) s->pending_empty = EMB_SHEET_MAX_COLS + 1;
        return 0;
    }
    if (c->row.n + s->pending_empty + s->col_repeat > EMB_SHEET_MAX_COLS)
        return cell_error(c, s->row + 1, "a cell lies beyond the last column (16384)");
    if (c->row.text.len + n * s->col_repeat > EMB_SHEET_MAX_ROW_BYTES) return cell_error(c, s->row + 1, "the row is too large");
    for (; s->pending_empty; s->pending_empty--)
        if (rowb_push(&c->row, "", 0, EMB_CELL_TEXT)) return oom(c);
    for (unsigned long i = 0; i < s->col_repeat; i++)
        if (rowb_push(&c->row, c->cell.p, n, s->type)) return oom(c);
    return 0;
}

static int ods_row_end(ods_state *s)
{
    sheet_ctx *c = s->c;
    s->in_row = 0;
    if (!c->row.used) {
        /* empty rows, such as the padding to row 1048576, are only counted */
        s->row += s->row_repeat;
        if (s->row > EMB_SHEET_MAX_ROWS) s->row = EMB_SHEET_MAX_ROWS + 1;
        return 0;
    }
    for (unsigned long i = 0; i < s->row_repeat; i++) {
        if (++s->row > EMB_SHEET_MAX_ROWS) return cell_error(c, 0, "a row lies beyond row 1048576");
        int rc = emit_row(c, s->row);
        if (rc) return rc;
    }
    return 0;
}

static int ods_node(void *p, xmlTextReaderPtr r, int type)
{
    ods_state *s = p;
    sheet_ctx *c = s->c;
    if (s->skip_depth >= 0) {
        if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == s->skip_depth) s->skip_depth = -1;
        return 0;
    }
    if (type == XML_READER_TYPE_ELEMENT) {
        int empty = xmlTextReaderIsEmptyElement(r);
        if (!s->in_table) {
            if (ns_is(r, NS_TABLE, "table") && !empty) s->in_table = 1;
            return 0;
        }
        if (s->in_cell) {
            if (ns_is(r, NS_OFFICE, "annotation") || ns_is(r, NS_TABLE, "table")) {
                if (!empty) s->skip_depth = xmlTextReaderDepth(r);
                return 0;
            }
            if (s->has_value) return 0;
            if (ns_is(r, NS_TEXT, "p") || ns_is(r, NS_TEXT, "h")) {
                if (s->paragraphs++ && ods_add(s, "\n", 1)) return oom(c);
                s->in_p = !empty;
                s->at_start = 1;
                s->pending_space = 0;
            } else if (s->in_p && ns_is(r, NS_TEXT, "s")) {
                return ods_special(s, " ", count_attr(r, "c", NS_TEXT, 1, 1024));
            } else if (s->in_p && ns_is(r, NS_TEXT, "tab")) {
                return ods_special(s, "\t", 1);
            } else if (s->in_p && ns_is(r, NS_TEXT, "line-break")) {
                return ods_special(s, "\n", 1);
            }
            return 0;
        }
        if (ns_is(r, NS_TABLE, "table-row")) {
            s->row_repeat = count_attr(r, "number-rows-repeated", NS_TABLE, 1, EMB_SHEET_MAX_ROWS + 1);
            if (s->row_repeat == 0) s->row_repeat = 1;
            s->pending_empty = 0;
            if (rowb_reset(&c->row)) return oom(c);
            s->in_row = 1;
            if (empty) return ods_row_end(s);
        } else if (s->in_row && (ns_is(r, NS_TABLE, "table-cell") || ns_is(r, NS_TABLE, "covered-table-cell"))) {
            int rc = ods_cell_start(s, r);
            if (rc) return rc;
            s->in_cell = 1;
            if (empty) return ods_cell_end(s);
        } else if (ns_is(r, NS_TABLE, "table") || ns_is(r, NS_OFFICE, "annotation")) {
            if (!empty) s->skip_depth = xmlTextReaderDepth(r);
        }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (!s->in_table) return 0;
        if (s->in_cell) {
            if (ns_is(r, NS_TEXT, "p") || ns_is(r, NS_TEXT, "h")) s->in_p = 0;
            else if (ns_is(r, NS_TABLE, "table-cell") || ns_is(r, NS_TABLE, "covered-table-cell")) return ods_cell_end(s);
        } else if (s->in_row && ns_is(r, NS_TABLE, "table-row")) {
            return ods_row_end(s);
        } else if (ns_is(r, NS_TABLE, "table")) {
            return WALK_STOP; /* only the first sheet */
        }
    } else if (s->in_p && is_text_node(type)) {
        const xmlChar *v = xmlTextReaderConstValue(r);
        return v ? ods_text(s, (const char *)v) : 0;
    }
    return 0;
}

static int read_ods(sheet_ctx *c, zip_t *z)
{
    char *data;
    size_t len;
    c->part = "content.xml";
    int rc = zip_part(c, z, c->part, 0, &data, &len);
    if (rc) return rc;
    ods_state s;
    memset(&s, 0, sizeof s);
    s.c = c;
    s.skip_depth = -1;
    rc = xml_walk(c, data, len, ods_node, &s);
    free(data);
    if (!rc && !s.in_table) rc = emb_error_set(c->err, EMBARGO_EPARSE, c->path, 0, NULL, "part content.xml has no table");
    return rc;
}

/* ---- entry ---- */

int emb_sheet_sniff_zip(const unsigned char *head, size_t n)
{
    return n >= 4 && memcmp(head, "PK\x03\x04", 4) == 0;
}

int emb_sheet_read(const char *path, emb_sheet_kind kind, emb_sheet_row_fn fn, void *ctx, embargo_error *err)
{
    if (!path || !fn) return emb_error_set(err, EMBARGO_EUSAGE, path, 0, NULL, "no file or row callback");
    xmlInitParser();
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        int code = (zerr == ZIP_ER_NOENT || zerr == ZIP_ER_OPEN || zerr == ZIP_ER_READ) ? EMBARGO_EIO : EMBARGO_EPARSE;
        if (zerr == ZIP_ER_MEMORY) code = EMBARGO_ENOMEM;
        int rc = emb_error_set(err, code, path, 0, NULL, "cannot open as a zip archive (XLSX/ODS): %s",
                               zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return rc;
    }
    sheet_ctx c;
    memset(&c, 0, sizeof c);
    c.path = path;
    c.part = "";
    c.err = err;
    c.fn = fn;
    c.user = ctx;
    if (kind == EMB_SHEET_AUTO) {
        zip_stat_t st;
        if (zip_stat(z, "content.xml", 0, &st) == 0) kind = EMB_SHEET_ODS;
        else if (zip_stat(z, "xl/workbook.xml", 0, &st) == 0 || zip_stat(z, "xl/worksheets/sheet1.xml", 0, &st) == 0)
            kind = EMB_SHEET_XLSX;
    }
    int rc;
    if (kind == EMB_SHEET_XLSX) rc = read_xlsx(&c, z);
    else if (kind == EMB_SHEET_ODS) rc = read_ods(&c, z);
    else rc = emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL,
                            "the archive is neither XLSX (no xl/workbook.xml) nor ODS (no content.xml)");
    if (rc == WALK_USER) rc = c.user_rc;
    zip_discard(z);
    free(c.row.text.p);
    free(c.row.off);
    free(c.row.types);
    free(c.row.ptrs);
    free(c.cell.p);
    free(c.sst.p);
    free(c.sst_off);
    return rc;
}
