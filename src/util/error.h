/* error.h - filling embargo_error with a message naming file, line and field. */
#ifndef EMB_ERROR_H
#define EMB_ERROR_H
#include "embargo.h"

/* Fills err (if not NULL) and returns code.  file/field may be NULL, line 0. */
int emb_error_set(embargo_error *err, int code, const char *file, unsigned long line,
                  const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#endif
