/* xdom.h - reading list XML files with libxml2 (DOM): parsing with network
 * access and entity expansion off, errors naming file and line, element
 * lookup by local name (namespace-agnostic: OFAC and the EU put their
 * elements in a default namespace, others use none), and trimmed text kept
 * in a scratch list that the parser frees once per record. */
#ifndef EMB_XDOM_H
#define EMB_XDOM_H
#include <stddef.h>
#include <libxml/tree.h>
#include "embargo.h"

/* Parses data[0..len) (named `path` in errors) into *out.  A DOCTYPE that
 * declares entities is refused (no list uses one; it would only serve
 * entity-expansion attacks).  Returns 0 or EMBARGO_EPARSE / EMBARGO_ENOMEM. */
int emb_xml_parse(xmlDocPtr *out, const char *path, const char *data, size_t len, embargo_error *err);
/* Reads the file (gzip inflated) and parses it. */
int emb_xml_load(xmlDocPtr *out, const char *path, embargo_error *err);
/* Checks that doc's root element is <root_name>; otherwise frees doc and
 * returns EMBARGO_EPARSE naming the root found and `what` the format is. */
int emb_xml_expect_root(xmlDocPtr doc, const char *path, const char *root_name, const char *what,
                        xmlNodePtr *root, embargo_error *err);
/* emb_xml_load followed by emb_xml_expect_root. */
int emb_xml_load_root(xmlDocPtr *out, xmlNodePtr *root, const char *path, const char *root_name,
                      const char *what, embargo_error *err);

/* Local name of an element ("" for other nodes). */
const char *emb_xml_name(const xmlNode *n);
/* First element child of `parent` whose local name is `local` (any element
 * when local is NULL), or NULL. */
xmlNodePtr emb_xml_child(const xmlNode *parent, const char *local);
/* The next element sibling after n with that local name (any if NULL). */
xmlNodePtr emb_xml_next(const xmlNode *n, const char *local);
/* Follows a path of local names ("Names", "Name") from parent; first match at each step. */
xmlNodePtr emb_xml_path(const xmlNode *parent, const char *const *names, size_t n);
#define EMB_XML_EACH(var, parent, local) \
    for (xmlNodePtr var = emb_xml_child((parent), (local)); var; var = emb_xml_next(var, (local)))
unsigned long emb_xml_line(const xmlNode *n);

/* Scratch strings: every returned pointer stays valid until emb_xs_reset.
 * On allocation failure the functions return "" and set `oom`. */
typedef struct emb_xs {
    char **items;
    size_t n, cap;
    int oom;
} emb_xs;

/* Text content of n, trimmed (ASCII whitespace and NBSP at both ends);
 * "" if n is NULL or empty. */
const char *emb_xs_text(emb_xs *xs, const xmlNode *n);
/* Text of the first child element with that local name. */
const char *emb_xs_child(emb_xs *xs, const xmlNode *parent, const char *local);
/* Attribute value (trimmed), "" if absent. */
const char *emb_xs_attr(emb_xs *xs, const xmlNode *n, const char *name);
/* printf into a scratch string. */
const char *emb_xs_fmt(emb_xs *xs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void emb_xs_reset(emb_xs *xs);
void emb_xs_free(emb_xs *xs);

#endif
