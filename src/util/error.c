/* error.c - error messages.  Every message names what it can of file, line
 * and field, because an analyst has to find the bad row in a 5 MB list. */
#include "error.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int emb_error_set(embargo_error *err, int code, const char *file, unsigned long line,
                  const char *field, const char *fmt, ...)
{
    if (!err) return code;
    char what[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    err->code = code;
    err->line = line;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    char where[700] = "";
    size_t w = 0;
    if (file && *file) w += (size_t)snprintf(where + w, sizeof where - w, "%s", file);
    if (line) w += (size_t)snprintf(where + w, sizeof where - w, "%sline %lu", w ? ", " : "", line);
    if (field && *field && w < sizeof where)
        w += (size_t)snprintf(where + w, sizeof where - w, "%sfield '%s'", w ? ", " : "", field);
    if (w)
        snprintf(err->msg, sizeof err->msg, "%s: %s", where, what);
    else
        snprintf(err->msg, sizeof err->msg, "%s", what);
    return code;
}

const char *embargo_strerror(int code)
{
    switch (code) {
    case EMBARGO_OK: return "ok";
    case EMBARGO_EUSAGE: return "invalid argument";
    case EMBARGO_EIO: return "i/o error";
    case EMBARGO_EPARSE: return "parse error";
    case EMBARGO_ENOMEM: return "out of memory";
    case EMBARGO_ECORRUPT: return "corrupt index file";
    case EMBARGO_ENOTFOUND: return "not found";
    case EMBARGO_EUTF8: return "invalid UTF-8";
    case EMBARGO_ESTALE: return "list too old";
    case EMBARGO_ENET: return "download failed";
    default: return "unknown error";
    }
}
