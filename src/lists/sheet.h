/* sheet.h - reads the first worksheet of an XLSX or ODS spreadsheet row by
 * row.  Both are zip archives of XML: libzip reads the parts into memory and
 * libxml2's streaming reader walks them, so a 13 MB sheet1.xml never becomes
 * a DOM.  Used by the parsers of lists published as spreadsheets (OFSI,
 * DFAT, FCDO). */
#ifndef EMB_SHEET_H
#define EMB_SHEET_H
#include <stddef.h>
#include "embargo.h"

/* Hard limits of the spreadsheet applications (Excel, LibreOffice): a cell
 * beyond them is a corrupt or hostile file, not a list. */
#define EMB_SHEET_MAX_COLS 16384UL
#define EMB_SHEET_MAX_ROWS 1048576UL

typedef enum emb_sheet_kind {
    EMB_SHEET_AUTO = 0, /* by the archive's parts */
    EMB_SHEET_XLSX = 1,
    EMB_SHEET_ODS = 2
} emb_sheet_kind;

typedef enum emb_cell_type {
    EMB_CELL_TEXT = 0,   /* text as shown (also empty cells) */
    EMB_CELL_NUMBER = 1, /* the stored number as written in the file ("30200", "1.5E3");
                          * XLSX dates are numbers too (Excel serial days) */
    EMB_CELL_DATE = 2    /* ISO date stored as such (ODS office:date-value, XLSX t="d") */
} emb_cell_type;

/* One non-empty row.  Rows without any non-empty cell are not reported. */
typedef struct emb_sheet_row {
    unsigned long row;           /* physical 1-based row number, for messages */
    size_t n_cells;              /* up to the last non-empty cell */
    const char *const *cells;    /* n_cells NUL-terminated UTF-8 strings, "" when empty */
    const unsigned char *types;  /* n_cells emb_cell_type values */
} emb_sheet_row;

/* Called for every non-empty row, in order.  The row and its strings are
 * valid only during the call.  A nonzero return stops reading and is returned
 * by emb_sheet_read (the callback fills err itself). */
typedef int (*emb_sheet_row_fn)(void *ctx, const emb_sheet_row *row, embargo_error *err);

/* Reads the first worksheet of `path`.  Returns 0, the callback's nonzero
 * return, or: EMBARGO_EIO (cannot open the file), EMBARGO_EPARSE (not a zip
 * archive, a missing or corrupt part, malformed XML, a cell beyond the
 * limits; the message names the file and the part), EMBARGO_ENOMEM. */
int emb_sheet_read(const char *path, emb_sheet_kind kind, emb_sheet_row_fn fn, void *ctx,
                   embargo_error *err);

/* Nonzero if the first bytes of a file are a zip archive's (PK\3\4), the
 * common start of XLSX and ODS files. */
int emb_sheet_sniff_zip(const unsigned char *head, size_t n);

#endif
