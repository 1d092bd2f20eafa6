/* fmt.h - small formatters for hot paths (explanations are written for
 * every result of every query; printf's floating-point path costs more
 * than the rest of an explanation). */
#ifndef EMB_FMT_H
#define EMB_FMT_H
#include <stddef.h>

/* Append to the NUL-terminated text ending at p, in a buffer ending at end
 * (exclusive); the result is always NUL-terminated and cut to fit.  Each
 * returns the new end of the text. */
char *emb_put_str(char *p, char *end, const char *s);
/* x as printf's "%.1f" writes it, byte for byte. */
char *emb_put_1f(char *p, char *end, double x);

#endif
