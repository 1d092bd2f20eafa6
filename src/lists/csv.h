/* csv.h - an RFC 4180 CSV reader over an in-memory buffer.  Handles quoted
 * fields with embedded separators, doubled quotes and newlines, CRLF, a UTF-8
 * BOM, and a trailing 0x1A (DOS end-of-file, as in OFAC's files).  Tracks the
 * physical line number for error messages. */
#ifndef EMB_CSV_H
#define EMB_CSV_H
#include <stddef.h>

typedef struct emb_csv {
    const char *p, *end;
    char sep;
    unsigned long line;       /* physical line where the current record starts */
    unsigned long next_line;
    /* current record: fields point into buf */
    char *buf;
    size_t buf_cap;
    char **fields;
    size_t n_fields, fields_cap;
    int bad_quote;            /* the record had a stray or unterminated quote */
} emb_csv;

void emb_csv_init(emb_csv *c, const char *data, size_t len, char sep);
void emb_csv_free(emb_csv *c);
/* Reads the next record.  Returns 1 if a record was read, 0 at end of input,
 * -1 on allocation failure.  Fields are NUL-terminated, unquoted. */
int emb_csv_next(emb_csv *c);
/* Index of a header field (case-insensitive, trimmed) or -1. */
int emb_csv_col(const emb_csv *c, const char *name);

#endif
