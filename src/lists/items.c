/* items.c - see items.h.  Used by the spreadsheet parsers (OFSI, DFAT),
 * whose cells number multiple values inline instead of repeating a row. */
#include "lists/items.h"
#include <stdlib.h>
#include <string.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Length of an enumeration marker at s ("a)", "(1)", "12)"), or 0.  The
 * character after it must be a space or the end, so "b)" in "A(b)c" is text. */
static size_t marker_len(const char *s)
{
    size_t i = 0;
    if (s[i] == '(') i++;
    size_t start = i;
    if (s[i] >= 'a' && s[i] <= 'z') i++;
    else while (i - start < 2 && s[i] >= '0' && s[i] <= '9') i++;
    if (i == start || s[i] != ')') return 0;
    i++;
    if (s[i] && !is_space(s[i])) return 0;
    return i;
}

static int emit(char *b, char *e, emb_item_fn fn, void *ctx)
{
    /* trim spaces (also U+00A0, as the byte pair C2 A0) and stray separators */
    for (;;) {
        while (b < e && (is_space(*b) || *b == ';' || *b == ',')) b++;
        if (e - b >= 2 && (unsigned char)b[0] == 0xC2 && (unsigned char)b[1] == 0xA0) { b += 2; continue; }
        break;
    }
    for (;;) {
        while (e > b && (is_space(e[-1]) || e[-1] == ';' || e[-1] == ',')) e--;
        if (e - b >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0) { e -= 2; continue; }
        break;
    }
    if (b == e) return 0;
    char save = *e;
    *e = '\0';
    int rc = fn(ctx, b);
    *e = save;
    return rc;
}

int emb_items_split(const char *v, const char *const *seps, emb_item_fn fn, void *ctx)
{
    if (!v) return 0;
    char *copy = strdup(v);
    if (!copy) return -1;
    char *item = copy;
    int rc = 0;
    for (char *p = copy; *p && !rc;) {
        size_t skip = 0;
        int word_start = p == copy || is_space(p[-1]) || p[-1] == ';' || p[-1] == ',' ||
                         (p - copy >= 2 && (unsigned char)p[-2] == 0xC2 && (unsigned char)p[-1] == 0xA0);
        if (word_start) skip = marker_len(p);
        for (size_t k = 0; !skip && seps && seps[k]; k++) {
            size_t n = strlen(seps[k]);
            if (n && strncmp(p, seps[k], n) == 0) skip = n;
        }
        if (!skip) { p++; continue; }
        rc = emit(item, p, fn, ctx);
        p += skip;
        item = p;
    }
    if (!rc) rc = emit(item, item + strlen(item), fn, ctx);
    free(copy);
    return rc;
}
