/* html.c - the readable text of an HTML page, for scanning
 * (embargo_html_text).
 *
 * libxml2's HTML parser does the hard parts: charset detection (meta
 * charset, BOM; output is always UTF-8), entities, broken markup.  The tree
 * is then walked iteratively (no recursion: pages can nest deeply): text of
 * script, style, noscript, template and the head (but its title) is skipped,
 * whitespace runs collapse to one space, and block elements end with a
 * blank line, which the segmenter takes as a sentence boundary, so that a
 * heading or a table cell never runs into the next one. */
#include "embargo.h"
#include "util/error.h"
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct obuf { char *p; size_t n, cap; int oom; } obuf;

static void put(obuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap * 2 : 4096;
        while (c < b->n + n + 1) c *= 2;
        char *q = realloc(b->p, c);
        if (!q) { b->oom = 1; return; }
        b->p = q;
        b->cap = c;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* Appends text with whitespace runs collapsed to one space. */
static void put_text(obuf *b, const char *s)
{
    for (const char *p = s; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
            while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') p++;
            if (b->n && b->p[b->n - 1] != ' ' && b->p[b->n - 1] != '\n') put(b, " ", 1);
            continue;
        }
        const char *q = p;
        while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f') q++;
        put(b, p, (size_t)(q - p));
        p = q;
    }
}

static void put_break(obuf *b, int blank)
{
    while (b->n && b->p[b->n - 1] == ' ') b->p[--b->n] = '\0';
    if (!b->n) return;
    if (blank) {
        if (b->n >= 2 && b->p[b->n - 1] == '\n' && b->p[b->n - 2] == '\n') return;
        put(b, b->p[b->n - 1] == '\n' ? "\n" : "\n\n", b->p[b->n - 1] == '\n' ? 1 : 2);
    } else if (b->p[b->n - 1] != '\n') {
        put(b, "\n", 1);
    }
}

static int in_set(const char *name, const char *const *set)
{
    for (size_t i = 0; set[i]; i++)
        if (!strcasecmp(name, set[i])) return 1;
    return 0;
}

static const char *const skipped[] = {"script", "style", "noscript", "template", "head", NULL};
static const char *const blocks[] = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
    "table", "thead", "tbody", "section", "article", "header", "footer", "nav", "aside", "blockquote",
    "pre", "title", "figcaption", "figure", "form", "main", "address", "hr", "caption", "option",
    "button", "label", "legend", "fieldset", "summary", "details", NULL};

static int is_title(xmlNode *n) { return n->type == XML_ELEMENT_NODE && !strcasecmp((const char *)n->name, "title"); }

int embargo_html_text(char **out, size_t *out_len, const char *html, size_t len, embargo_error *err)
{
    *out = NULL;
    if (out_len) *out_len = 0;
    if (!html && len) return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "no HTML given");
    obuf b = {0};
    put(&b, "", 0);
    if (len == 0 || len > (size_t)0x7fffffff) {
        if (len) { free(b.p); return emb_error_set(err, EMBARGO_EUSAGE, NULL, 0, NULL, "HTML larger than 2 GiB"); }
        if (b.oom) return emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "out of memory");
        *out = b.p;
        return 0;
    }
    htmlDocPtr doc = htmlReadMemory(html, (int)len, NULL, NULL,
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (doc) {
        xmlNode *n = xmlDocGetRootElement(doc);
        int title_in_head = 0;
        while (n) {
            int descend = 1;
            if (n->type == XML_ELEMENT_NODE && n->name && in_set((const char *)n->name, skipped)) {
                descend = 0;
                /* the head's title is text worth scanning */
                if (!strcasecmp((const char *)n->name, "head")) {
                    for (xmlNode *c = n->children; c; c = c->next)
                        if (is_title(c) && c->children) {
                            xmlChar *t = xmlNodeGetContent(c);
                            if (t) { put_text(&b, (const char *)t); xmlFree(t); }
                            put_break(&b, 1);
                            title_in_head = 1;
                        }
                }
            } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
                if (n->content) put_text(&b, (const char *)n->content);
            } else if (n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, "br")) {
                put_break(&b, 0);
            } else if (n->type == XML_ELEMENT_NODE && n->name && in_set((const char *)n->name, blocks)) {
                put_break(&b, 1);
            }
            if (descend && n->type == XML_ELEMENT_NODE && n->children) { n = n->children; continue; }
            /* next sibling, or climb up closing blocks */
            while (n) {
                if (n->type == XML_ELEMENT_NODE && n->name && in_set((const char *)n->name, blocks)) put_break(&b, 1);
                if (n->next) { n = n->next; break; }
                n = n->parent;
                if (n && n->type != XML_ELEMENT_NODE) n = NULL; /* reached the document */
            }
        }
        (void)title_in_head;
        xmlFreeDoc(doc);
    }
    while (b.n && (b.p[b.n - 1] == ' ' || b.p[b.n - 1] == '\n')) b.p[--b.n] = '\0';
    if (b.oom) { free(b.p); return emb_error_set(err, EMBARGO_ENOMEM, NULL, 0, NULL, "out of memory"); }
    *out = b.p;
    if (out_len) *out_len = b.n;
    return 0;
}
