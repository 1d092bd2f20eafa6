/* xdom.c - libxml2 DOM helpers for the XML list parsers (see xdom.h). */
#include "lists/xdom.h"
#include "util/error.h"
#include "util/file.h"
#include <libxml/parser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first error is the cause; libxml2's lastError is often a follow-up
 * ("Premature end of data") at the end of the file. */
typedef struct first_error { int set; int line; char msg[256]; } first_error;

static void on_error(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = data;
    first_error *fe = ctxt ? ctxt->_private : NULL;
    if (!fe || fe->set || !e || e->level < XML_ERR_ERROR) return;
    fe->set = 1;
    fe->line = e->line;
    snprintf(fe->msg, sizeof fe->msg, "%s", e->message ? e->message : "not well-formed");
}

int emb_xml_parse(xmlDocPtr *out, const char *path, const char *data, size_t len, embargo_error *err)
{
    *out = NULL;
    if (len > (size_t)INT32_MAX)
        return emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "XML file too large (%zu bytes)", len);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) return emb_error_set(err, EMBARGO_ENOMEM, path, 0, NULL, "out of memory");
    /* NONET: never fetch anything; no NOENT/DTDLOAD: entities are not
     * expanded into the tree and no external DTD is read.  BIG_LINES keeps
     * line numbers right past 65535. */
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
               XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
    first_error fe = {0};
    ctxt->_private = &fe;
    if (ctxt->sax) ctxt->sax->serror = on_error;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL, opts);
    int rc = 0;
    if (!doc || !ctxt->wellFormed) {
        if (!fe.set) {
            const xmlError *e = &ctxt->lastError;
            fe.line = e->line;
            snprintf(fe.msg, sizeof fe.msg, "%s", e->message ? e->message : "not well-formed");
        }
        size_t m = strlen(fe.msg);
        while (m && (fe.msg[m - 1] == '\n' || fe.msg[m - 1] == ' ')) fe.msg[--m] = '\0';
        rc = emb_error_set(err, EMBARGO_EPARSE, path, fe.line > 0 ? (unsigned long)fe.line : 0, NULL,
                           "malformed XML: %s", fe.msg);
        if (doc) xmlFreeDoc(doc);
        doc = NULL;
    } else if (doc->intSubset && doc->intSubset->entities) {
        /* libxml2 keeps no line for the DTD node: count up to "<!DOCTYPE" */
        unsigned long line = 1;
        const char *dt = NULL;
        for (size_t i = 0; i + 9 <= len && !dt; i++) {
            if (data[i] == '\n') line++;
            else if (memcmp(data + i, "<!DOCTYPE", 9) == 0) dt = data + i;
        }
        rc = emb_error_set(err, EMBARGO_EPARSE, path, dt ? line : 0, NULL, "XML declares entities in a DOCTYPE: refused");
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (!xmlDocGetRootElement(doc)) {
        rc = emb_error_set(err, EMBARGO_EPARSE, path, 0, NULL, "XML has no root element");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    *out = doc;
    return rc;
}

int emb_xml_load(xmlDocPtr *out, const char *path, embargo_error *err)
{
    char *data;
    size_t len;
    *out = NULL;
    int rc = emb_file_read(path, &data, &len, err);
    if (rc) return rc;
    rc = emb_xml_parse(out, path, data, len, err);
    free(data);
    return rc;
}

int emb_xml_expect_root(xmlDocPtr doc, const char *path, const char *root_name, const char *what,
                        xmlNodePtr *root, embargo_error *err)
{
    xmlNodePtr r = xmlDocGetRootElement(doc);
    if (strcmp(emb_xml_name(r), root_name) != 0) {
        int rc = emb_error_set(err, EMBARGO_EPARSE, path, emb_xml_line(r), emb_xml_name(r),
                               "root element is <%s>, expected <%s> (%s)", emb_xml_name(r), root_name, what);
        xmlFreeDoc(doc);
        return rc;
    }
    *root = r;
    return 0;
}

int emb_xml_load_root(xmlDocPtr *out, xmlNodePtr *root, const char *path, const char *root_name,
                      const char *what, embargo_error *err)
{
    int rc = emb_xml_load(out, path, err);
    if (!rc) rc = emb_xml_expect_root(*out, path, root_name, what, root, err);
    if (rc) *out = NULL;
    return rc;
}

const char *emb_xml_name(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && n->name ? (const char *)n->name : "";
}

static int matches(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && (!local || strcmp((const char *)n->name, local) == 0);
}

xmlNodePtr emb_xml_child(const xmlNode *parent, const char *local)
{
    if (!parent) return NULL;
    for (xmlNodePtr c = parent->children; c; c = c->next)
        if (matches(c, local)) return c;
    return NULL;
}

xmlNodePtr emb_xml_next(const xmlNode *n, const char *local)
{
    if (!n) return NULL;
    for (xmlNodePtr c = n->next; c; c = c->next)
        if (matches(c, local)) return c;
    return NULL;
}

xmlNodePtr emb_xml_path(const xmlNode *parent, const char *const *names, size_t n)
{
    const xmlNode *cur = parent;
    for (size_t i = 0; i < n && cur; i++) cur = emb_xml_child(cur, names[i]);
    return (xmlNodePtr)cur;
}

unsigned long emb_xml_line(const xmlNode *n)
{
    long l = n ? xmlGetLineNo((xmlNodePtr)n) : 0;
    return l > 0 ? (unsigned long)l : 0;
}

/* ---- scratch strings ---- */

static const char *keep(emb_xs *xs, char *s)
{
    if (!s) { xs->oom = 1; return ""; }
    if (xs->n == xs->cap) {
        size_t cap = xs->cap ? xs->cap * 2 : 32;
        char **it = realloc(xs->items, cap * sizeof *it);
        if (!it) { free(s); xs->oom = 1; return ""; }
        xs->items = it;
        xs->cap = cap;
    }
    xs->items[xs->n++] = s;
    return s;
}

/* Trims ASCII whitespace and U+00A0 (the lists pad names with NBSP). */
static char *trim_nbsp(char *s)
{
    char *b = s;
    for (;;) {
        if (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r' || *b == '\v' || *b == '\f') b++;
        else if ((unsigned char)b[0] == 0xC2 && (unsigned char)b[1] == 0xA0) b += 2;
        else break;
    }
    size_t n = strlen(b);
    for (;;) {
        if (n && (b[n - 1] == ' ' || b[n - 1] == '\t' || b[n - 1] == '\n' || b[n - 1] == '\r' ||
                  b[n - 1] == '\v' || b[n - 1] == '\f')) n--;
        else if (n >= 2 && (unsigned char)b[n - 2] == 0xC2 && (unsigned char)b[n - 1] == 0xA0) n -= 2;
        else break;
    }
    memmove(s, b, n);
    s[n] = '\0';
    return s;
}

static const char *keep_xml(emb_xs *xs, xmlChar *v)
{
    if (!v) return "";
    char *c = strdup((const char *)v);
    xmlFree(v);
    if (!c) { xs->oom = 1; return ""; }
    return keep(xs, trim_nbsp(c));
}

const char *emb_xs_text(emb_xs *xs, const xmlNode *n)
{
    if (!n) return "";
    return keep_xml(xs, xmlNodeGetContent(n));
}

const char *emb_xs_child(emb_xs *xs, const xmlNode *parent, const char *local)
{
    return emb_xs_text(xs, emb_xml_child(parent, local));
}

const char *emb_xs_attr(emb_xs *xs, const xmlNode *n, const char *name)
{
    if (!n) return "";
    return keep_xml(xs, xmlGetProp(n, (const xmlChar *)name));
}

const char *emb_xs_fmt(emb_xs *xs, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return "";
    char *s = malloc((size_t)n + 1);
    if (!s) { xs->oom = 1; return ""; }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return keep(xs, s);
}

void emb_xs_reset(emb_xs *xs)
{
    for (size_t i = 0; i < xs->n; i++) free(xs->items[i]);
    xs->n = 0;
}

void emb_xs_free(emb_xs *xs)
{
    emb_xs_reset(xs);
    free(xs->items);
    xs->items = NULL;
    xs->cap = 0;
}
