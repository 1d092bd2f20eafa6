/* test_sheets.c - the XLSX/ODS reader (lists/sheet.c), the cell-item
 * splitter, and the spreadsheet list formats: ofsi_xlsx and dfat_xlsx on the
 * shipped full files, ofsi_csv and fcdo_ods on real excerpts. */
#include "testutil.h"
#include "embargo.h"
#include "lists/items.h"
#include "lists/lists.h"
#include "lists/sheet.h"
#include "model/model.h"
#include <zip.h>

/* ---- helpers ---- */

typedef struct loaded {
    embargo_db *db;
    embargo_source_info si;
} loaded;

static void load(loaded *out, const char *id, const char *format, const char *path)
{
    embargo_loader *l;
    assert_int_equal(embargo_loader_new(&l), 0);
    embargo_error err = {0};
    int rc = embargo_loader_add_source(l, id, format, &path, 1, NULL, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(embargo_loader_finish(&out->db, l, &err), 0);
    embargo_loader_free(l);
    assert_int_equal(embargo_db_source(out->db, 0, &out->si), 0);
}

static uint32_t find(const loaded *d, const char *id)
{
    uint32_t idx = 0;
    int rc = embargo_db_find(d->db, id, &idx);
    if (rc) fprintf(stderr, "not found: %s\n", id);
    assert_int_equal(rc, 0);
    return idx;
}

/* Nonzero if the entity has a name of this kind and value. */
static int has_name(const loaded *d, uint32_t idx, embargo_name_kind kind, const char *value)
{
    embargo_entity e;
    embargo_db_entity(d->db, idx, &e);
    for (size_t j = 0; j < e.n_names; j++) {
        embargo_name n;
        embargo_db_entity_name(d->db, idx, j, &n);
        if (n.kind == kind && !strcmp(n.value, value)) return 1;
    }
    return 0;
}

static int has_attr(const loaded *d, uint32_t idx, embargo_attr_kind kind, const char *type, const char *value)
{
    embargo_entity e;
    embargo_db_entity(d->db, idx, &e);
    for (size_t j = 0; j < e.n_attrs; j++) {
        embargo_attr a;
        embargo_db_entity_attr(d->db, idx, j, &a);
        if (a.kind == kind && !strcmp(a.type, type) && (!value || !strcmp(a.value, value))) return 1;
        if (a.kind == kind && !strcmp(a.type, type) && value && kind == EMBARGO_ATTR_REMARK && strstr(a.value, value))
            return 1;
    }
    return 0;
}

/* Writes a zip with the given members (name, text pairs) to a temp file. */
static const char *make_zip(const char *suffix, const char *const *members, size_t n)
{
    static char path[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "/tmp/embargo-sheet-XXXXXX%s", suffix);
    int fd = mkstemps(path[k], (int)strlen(suffix));
    assert_true(fd >= 0);
    close(fd);
    int zerr;
    zip_t *z = zip_open(path[k], ZIP_TRUNCATE, &zerr);
    assert_non_null(z);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(z, members[2 * i + 1], strlen(members[2 * i + 1]), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, members[2 * i], src, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    return path[k];
}

/* ---- the reader ---- */

typedef struct rows_seen {
    size_t n;
    unsigned long first, last;
    size_t max_cells;
    char want_cell[64];   /* "row:col" to capture */
    char got[512];
    unsigned char got_type;
} rows_seen;

static int count_rows(void *ctx, const emb_sheet_row *r, embargo_error *err)
{
    (void)err;
    rows_seen *s = ctx;
    if (!s->n) s->first = r->row;
    s->n++;
    s->last = r->row;
    if (r->n_cells > s->max_cells) s->max_cells = r->n_cells;
    unsigned long wr;
    size_t wc;
    if (sscanf(s->want_cell, "%lu:%zu", &wr, &wc) == 2 && wr == r->row && wc < r->n_cells) {
        snprintf(s->got, sizeof s->got, "%s", r->cells[wc]);
        s->got_type = r->types[wc];
    }
    return 0;
}

static void xlsx_rows_ofsi(void **state)
{
    (void)state;
    rows_seen s = {0};
    snprintf(s.want_cell, sizeof s.want_cell, "2:35");
    embargo_error err = {0};
    assert_int_equal(emb_sheet_read(datafile("uk_ofsi/ConList.xlsx"), EMB_SHEET_AUTO, count_rows, &s, &err), 0);
    /* "Last Updated" row, header row, 18798 name rows */
    assert_int_equal(s.n, 2 + 18798);
    assert_int_equal(s.first, 1);
    assert_int_equal(s.last, 18800);
    assert_int_equal(s.max_cells, 36);
    assert_string_equal(s.got, "Group ID");
}

static void xlsx_rows_dfat(void **state)
{
    (void)state;
    embargo_error err = {0};
    /* 9560 rows under the header, of which the last 7 are blank (only
     * formatting), so 9553 are reported */
    rows_seen s = {0};
    snprintf(s.want_cell, sizeof s.want_cell, "351:7"); /* a rich-text (<r> runs) shared string */
    assert_int_equal(emb_sheet_read(datafile("au_dfat/regulation8_consolidated.xlsx"), EMB_SHEET_XLSX, count_rows, &s, &err), 0);
    assert_int_equal(s.n, 1 + 9553);
    assert_int_equal(s.last, 9554);
    assert_string_equal(s.got, "a) Iltifat village, Shakardara District, Kabul Province, Afghanistan\xc2\xa0 b) Puli Charkhi "
                               "Area, District Number 9, Kabul City, Kabul Province");
    /* PANTUS's date of birth is a number cell: Excel serial day 30200 */
    rows_seen p = {0};
    snprintf(p.want_cell, sizeof p.want_cell, "6501:4");
    assert_int_equal(emb_sheet_read(datafile("au_dfat/regulation8_consolidated.xlsx"), EMB_SHEET_XLSX, count_rows, &p, &err), 0);
    assert_string_equal(p.got, "30200");
    assert_int_equal(p.got_type, EMB_CELL_NUMBER);
}

static void ods_rows_real_excerpt(void **state)
{
    (void)state;
    rows_seen s = {0};
    snprintf(s.want_cell, sizeof s.want_cell, "801:2");
    embargo_error err = {0};
    assert_int_equal(emb_sheet_read(fixture("fcdo_sl.excerpt.ods"), EMB_SHEET_AUTO, count_rows, &s, &err), 0);
    /* the header and 801 rows; the padding to row 1048576 (one row repeated
     * 1043268 times, each with 16384 empty columns) is counted, not read */
    assert_int_equal(s.n, 802);
    assert_int_equal(s.last, 802);
    assert_int_equal(s.max_cells, 8);
    assert_string_equal(s.got, "PANTUS Dmitry Aleksandrovich");
}

static const char ods_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>";

typedef struct grid {
    size_t n;
    unsigned long rows[8];
    size_t cells[8];
    char text[8][4][64];
    unsigned char types[8][4];
} grid;

static int to_grid(void *ctx, const emb_sheet_row *r, embargo_error *err)
{
    (void)err;
    grid *g = ctx;
    if (g->n < 8) {
        g->rows[g->n] = r->row;
        g->cells[g->n] = r->n_cells;
        for (size_t i = 0; i < r->n_cells && i < 4; i++) {
            snprintf(g->text[g->n][i], 64, "%s", r->cells[i]);
            g->types[g->n][i] = r->types[i];
        }
    }
    g->n++;
    return 0;
}

static void ods_repeats_and_text(void **state)
{
    (void)state;
    char content[4096];
    snprintf(content, sizeof content,
             "%s<table:table table:name=\"S\">"
             /* row 1: a repeated empty cell before a value, then a value repeated twice */
             "<table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>"
             "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>"
             "<table:table-cell table:number-columns-repeated=\"16380\"/></table:table-row>"
             /* rows 2-3: an empty row repeated 2 times */
             "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
             /* rows 4-6: the same non-empty row 3 times */
             "<table:table-row table:number-rows-repeated=\"3\">"
             "<table:table-cell office:value-type=\"float\" office:value=\"30200\"><text:p>06/09/1982</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"date\" office:date-value=\"2022-03-24\"><text:p>24-03-2022</text:p></table:table-cell>"
             "<table:table-cell><text:p>  two  <text:s text:c=\"2\"/>spaces </text:p><text:p>second<text:tab/>para</text:p>"
             "<office:annotation><text:p>a note</text:p></office:annotation></table:table-cell>"
             "<table:table-cell table:number-columns-repeated=\"2\" office:value-type=\"string\"><text:p>r</text:p></table:table-cell>"
             "</table:table-row>"
             /* padding to the end of the sheet */
             "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>"
             "</table:table>"
             "<table:table table:name=\"Second\"><table:table-row><table:table-cell><text:p>not read</text:p></table:table-cell></table:table-row></table:table>"
             "</office:spreadsheet></office:body></office:document-content>",
             ods_head);
    const char *members[] = {"mimetype", "application/vnd.oasis.opendocument.spreadsheet", "content.xml", content};
    const char *p = make_zip(".ods", members, 2);
    grid g = {0};
    embargo_error err = {0};
    int rc = emb_sheet_read(p, EMB_SHEET_AUTO, to_grid, &g, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(g.n, 4);
    assert_int_equal(g.rows[0], 1);
    assert_int_equal(g.cells[0], 3);
    assert_string_equal(g.text[0][0], "");
    assert_string_equal(g.text[0][2], "x");
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(g.rows[i], 3 + i);
        assert_int_equal(g.cells[i], 5);
        assert_string_equal(g.text[i][0], "30200");
        assert_int_equal(g.types[i][0], EMB_CELL_NUMBER);
        assert_string_equal(g.text[i][1], "2022-03-24");
        assert_int_equal(g.types[i][1], EMB_CELL_DATE);
        assert_string_equal(g.text[i][2], "two   spaces\nsecond\tpara");
        assert_string_equal(g.text[i][3], "r");
    }
    unlink(p);

    /* a non-empty cell beyond column 16384 is refused */
    snprintf(content, sizeof content,
             "%s<table:table><table:table-row><table:table-cell table:number-columns-repeated=\"16384\"/>"
             "<table:table-cell><text:p>far</text:p></table:table-cell></table:table-row></table:table>"
             "</office:spreadsheet></office:body></office:document-content>", ods_head);
    p = make_zip(".ods", members, 2);
    assert_int_equal(emb_sheet_read(p, EMB_SHEET_ODS, to_grid, &g, &err), EMBARGO_EPARSE);
    assert_non_null(strstr(err.msg, "content.xml"));
    unlink(p);
}

static void xlsx_inline_and_escapes(void **state)
{
    (void)state;
    const char *members[] = {
        "xl/sharedStrings.xml",
        "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<si><t>plain</t></si><si><r><t>ri</t></r><r><t xml:space=\"preserve\">ch </t></r><rPh><t>reading</t></rPh></si>"
        "<si><t>a_x000D_b_x005F_x</t></si></sst>",
        "xl/worksheets/sheet1.xml",
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"C3\" t=\"inlineStr\"><is><t>inline</t></is></c>"
        "<c r=\"D3\"><v>41988</v></c><c r=\"E3\" t=\"s\"><v>2</v></c><c r=\"F3\" t=\"str\"><f>A1</f><v>formula</v></c><c r=\"G3\"/></row>"
        "<row r=\"7\"><c r=\"B7\" t=\"s\"><v>0</v></c></row>"
        "</sheetData></worksheet>",
    };
    const char *p = make_zip(".xlsx", members, 2);
    grid g = {0};
    embargo_error err = {0};
    int rc = emb_sheet_read(p, EMB_SHEET_AUTO, to_grid, &g, &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(g.n, 2);
    assert_int_equal(g.rows[0], 3);
    assert_int_equal(g.cells[0], 6);
    assert_string_equal(g.text[0][0], "rich ");
    assert_string_equal(g.text[0][1], "");
    assert_string_equal(g.text[0][2], "inline");
    assert_string_equal(g.text[0][3], "41988");
    assert_int_equal(g.types[0][3], EMB_CELL_NUMBER);
    assert_int_equal(g.rows[1], 7);
    assert_string_equal(g.text[1][1], "plain");
    unlink(p);

    /* the ST_Xstring escape decodes (_x000D_ is a carriage return) */
    rows_seen s = {0};
    snprintf(s.want_cell, sizeof s.want_cell, "3:4");
    p = make_zip(".xlsx", members, 2);
    assert_int_equal(emb_sheet_read(p, EMB_SHEET_XLSX, count_rows, &s, &err), 0);
    assert_string_equal(s.got, "a\rb_x");
    unlink(p);
}

/* ---- broken files ---- */

static void broken_files(void **state)
{
    (void)state;
    embargo_error err = {0};
    rows_seen s = {0};

    /* not a zip at all, and a zip signature followed by garbage */
    const char junk[] = "PK\x03\x04 this is not a zip archive at all, only its first four bytes";
    const char *p = tempfile_with(junk, sizeof junk - 1, ".xlsx");
    assert_int_equal(emb_sheet_read(p, EMB_SHEET_XLSX, count_rows, &s, &err), EMBARGO_EPARSE);
    assert_non_null(strstr(err.msg, p));
    embargo_loader *l;
    embargo_loader_new(&l);
    assert_int_equal(embargo_loader_add_source(l, "uk_ofsi", "ofsi_xlsx", &p, 1, NULL, &err), EMBARGO_EPARSE);
    embargo_loader_free(l);
    unlink(p);

    /* a truncated xlsx: the first half of the real DFAT file (no central directory) */
    FILE *f = fopen(datafile("au_dfat/regulation8_consolidated.xlsx"), "rb");
    assert_non_null(f);
    size_t cap = 2u << 20;
    char *bytes = malloc(cap);
    assert_non_null(bytes);
    size_t n = fread(bytes, 1, cap, f);
    fclose(f);
    assert_int_equal(n, 977046);
    p = tempfile_with(bytes, n / 2, ".xlsx");
    embargo_loader_new(&l);
    assert_int_equal(embargo_loader_add_source(l, "au_dfat", "dfat_xlsx", &p, 1, NULL, &err), EMBARGO_EPARSE);
    assert_non_null(strstr(err.msg, p));
    embargo_db *db;
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    assert_int_equal(embargo_db_source_count(db), 0); /* nothing half-loaded */
    embargo_db_free(db);
    embargo_loader_free(l);
    unlink(p);

    /* the whole file with the worksheet's compressed data damaged */
    size_t at = 0;
    for (size_t i = 30; i + 24 < n; i++)
        if (!memcmp(bytes + i, "xl/worksheets/sheet1.xml", 24) && !memcmp(bytes + i - 30, "PK\x03\x04", 4)) {
            at = i + 24 + 5000;
            break;
        }
    assert_true(at > 0 && at + 64 < n);
    for (size_t i = 0; i < 64; i++) bytes[at + i] ^= 0x5A;
    p = tempfile_with(bytes, n, ".xlsx");
    free(bytes);
    assert_int_equal(emb_sheet_read(p, EMB_SHEET_XLSX, count_rows, &s, &err), EMBARGO_EPARSE);
    assert_non_null(strstr(err.msg, "sheet1.xml"));
    unlink(p);

    /* a zip without the worksheet names the missing part */
    const char *no_sheet[] = {"xl/sharedStrings.xml", "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"};
    p = make_zip(".xlsx", no_sheet, 1);
    assert_int_equal(emb_sheet_read(p, EMB_SHEET_XLSX, count_rows, &s, &err), EMBARGO_EPARSE);
    assert_non_null(strstr(err.msg, "xl/worksheets/sheet1.xml"));
    unlink(p);

    /* malformed XML in the worksheet */
    const char *bad_xml[] = {"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\"><c><v>1</v></row></sheetData></worksheet>"};
    p = make_zip(".xlsx", bad_xml, 1);
    assert_int_equal(emb_sheet_read(p, EMB_SHEET_XLSX, count_rows, &s, &err), EMBARGO_EPARSE);
    assert_non_null(strstr(err.msg, "sheet1.xml"));
    assert_non_null(strstr(err.msg, "XML line 1"));
    unlink(p);

    /* an ODS without content.xml */
    const char *no_content[] = {"mimetype", "application/vnd.oasis.opendocument.spreadsheet"};
    p = make_zip(".ods", no_content, 1);
    assert_int_equal(emb_sheet_read(p, EMB_SHEET_ODS, count_rows, &s, &err), EMBARGO_EPARSE);
    assert_non_null(strstr(err.msg, "content.xml"));
    unlink(p);

    /* a missing file is an I/O error */
    assert_int_equal(emb_sheet_read("/nonexistent/ConList.xlsx", EMB_SHEET_XLSX, count_rows, &s, &err), EMBARGO_EIO);
}

/* ---- cell items ---- */

typedef struct collected {
    size_t n;
    char items[6][96];
} collected;

static int collect(void *ctx, const char *item)
{
    collected *c = ctx;
    if (c->n < 6) snprintf(c->items[c->n], sizeof c->items[0], "%s", item);
    c->n++;
    return 0;
}

static void items_split(void **state)
{
    (void)state;
    static const char *const dob_seps[] = {";", ">>", NULL};
    static const struct {
        const char *in;
        int dates;
        size_t n;
        const char *items[4];
    } cases[] = {
        {"a) Afghanistan b) Pakistan", 0, 2, {"Afghanistan", "Pakistan"}},
        {"(1) 223611 (2) C00146605", 0, 2, {"223611", "C00146605"}},
        {"1) Saudi Arabia 2) Qatar", 0, 2, {"Saudi Arabia", "Qatar"}},
        {"a) 12/03/1970;                     b) 01/01/1971", 1, 2, {"12/03/1970", "01/01/1971"}},
        {"12 Mar 1970 >> 15 Apr 1971", 1, 2, {"12 Mar 1970", "15 Apr 1971"}},
        {"Kushal Khan Mena, District Number 5, Kabul, Afghanistan\xc2\xa0\xc2\xa0", 0, 1,
         {"Kushal Khan Mena, District Number 5, Kabul, Afghanistan"}},
        {"Congo (Democratic Republic)", 0, 1, {"Congo (Democratic Republic)"}},
        {"Grad(b) street", 0, 1, {"Grad(b) street"}},
        {"  ", 0, 0, {NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        collected c = {0};
        assert_int_equal(emb_items_split(cases[i].in, cases[i].dates ? dob_seps : NULL, collect, &c), 0);
        if (c.n != cases[i].n) fprintf(stderr, "case %zu: %zu items\n", i, c.n);
        assert_int_equal(c.n, cases[i].n);
        for (size_t k = 0; k < c.n; k++) assert_string_equal(c.items[k], cases[i].items[k]);
    }
}

/* ---- the list formats ---- */

static void ofsi_xlsx_full(void **state)
{
    (void)state;
    loaded d;
    load(&d, "uk_ofsi", "auto", datafile("uk_ofsi/ConList.xlsx"));
    assert_string_equal(d.si.format, "ofsi_xlsx");
    /* 18798 rows in 4688 Group IDs: every group is a record */
    assert_int_equal(d.si.records + d.si.skipped, 4688);
    assert_int_equal(d.si.records, 4688);
    assert_string_equal(d.si.as_of, "2025-04-14");

    uint32_t pantus = find(&d, "uk_ofsi-15011");
    embargo_entity e;
    embargo_db_entity(d.db, pantus, &e);
    assert_string_equal(e.name, "Dmitry Aleksandrovich PANTUS");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(has_name(&d, pantus, EMBARGO_NAME_ORIGINAL, "Дмитрий Александрович ПАНТУС"));
    assert_true(has_name(&d, pantus, EMBARGO_NAME_ORIGINAL, "Дзмітрый Аляксандравіч ПАНТУС"));
    assert_true(has_attr(&d, pantus, EMBARGO_ATTR_DOB, "", "1982-09-06"));
    assert_true(has_attr(&d, pantus, EMBARGO_ATTR_CROSSREF, "UK Sanctions List Ref", "RUS1068"));
    assert_true(has_attr(&d, pantus, EMBARGO_ATTR_GENDER, "", "male"));
    assert_true(has_attr(&d, pantus, EMBARGO_ATTR_POB, "", "Grodno, Belarus"));
    assert_true(has_attr(&d, pantus, EMBARGO_ATTR_PROGRAM, "", "Russia"));
    assert_true(has_attr(&d, pantus, EMBARGO_ATTR_LISTED_ON, "", "2022-03-24"));

    uint32_t smic = find(&d, "uk_ofsi-15037");
    embargo_db_entity(d.db, smic, &e);
    assert_int_equal(e.schema, EMBARGO_ORGANIZATION);
    assert_string_equal(e.name, "STATE AUTHORITY FOR MILITARY INDUSTRY OF THE REPUBLIC OF BELARUS");
    assert_true(has_name(&d, smic, EMBARGO_NAME_ALIAS, "STATE MILITARY-INDUSTRIAL COMMITTEE OF THE REPUBLIC OF BELARUS (SMIC)"));
    assert_true(has_attr(&d, smic, EMBARGO_ATTR_CROSSREF, "UK Sanctions List Ref", "RUS1094"));
    assert_true(has_attr(&d, smic, EMBARGO_ATTR_ADDRESS, "", "115 Nezavisimost ave, Minsk, 220114, Belarus"));

    /* Alias Quality "Low quality" -> weak alias; FKA -> former; Ship + IMO */
    uint32_t kony = find(&d, "uk_ofsi-13378");
    assert_true(has_name(&d, kony, EMBARGO_NAME_WEAK_ALIAS, "1-P"));
    assert_true(has_name(&d, kony, EMBARGO_NAME_ALIAS, "Ali Mohammed KONY"));
    assert_true(has_attr(&d, kony, EMBARGO_ATTR_CROSSREF, "UN Ref", "CFi.010"));
    uint32_t adf = find(&d, "uk_ofsi-13189");
    assert_true(has_name(&d, adf, EMBARGO_NAME_FORMER, "NALU"));
    uint32_t ship = find(&d, "uk_ofsi-13648");
    embargo_db_entity(d.db, ship, &e);
    assert_int_equal(e.schema, EMBARGO_VESSEL);
    assert_string_equal(e.name, "AN SAN 1");
    assert_true(has_attr(&d, ship, EMBARGO_ATTR_ID, "IMO", "7303803"));
    /* the free text names another party's UN reference: not taken */
    assert_false(has_attr(&d, ship, EMBARGO_ATTR_CROSSREF, "UN Ref", NULL));
    embargo_db_free(d.db);
}

static void dfat_xlsx_full(void **state)
{
    (void)state;
    loaded d;
    load(&d, "au_dfat", "auto", datafile("au_dfat/regulation8_consolidated.xlsx"));
    assert_string_equal(d.si.format, "dfat_xlsx");
    /* 9553 name rows for 3062 reference numbers */
    assert_int_equal(d.si.records, 3062);
    assert_int_equal(d.si.skipped, 0);
    assert_string_equal(d.si.as_of, "2024-11-11");

    uint32_t pantus = find(&d, "au_dfat-6663");
    embargo_entity e;
    embargo_db_entity(d.db, pantus, &e);
    assert_string_equal(e.name, "Dmitry PANTUS");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(has_attr(&d, pantus, EMBARGO_ATTR_DOB, "", "1982-09-06"));
    assert_true(has_attr(&d, pantus, EMBARGO_ATTR_POB, "", "Byarozawka, Belarus"));
    assert_true(has_attr(&d, pantus, EMBARGO_ATTR_PROGRAM, "", "Autonomous (Russia)"));

    /* 2 / 2a: primary name and its original script */
    uint32_t akhund = find(&d, "au_dfat-2");
    embargo_db_entity(d.db, akhund, &e);
    assert_string_equal(e.name, "MOHAMMAD HASSAN AKHUND");
    assert_true(has_name(&d, akhund, EMBARGO_NAME_ORIGINAL, "محمد حسن أخوند"));
    assert_true(has_attr(&d, akhund, EMBARGO_ATTR_DOB, "", "1955"));
    assert_true(has_attr(&d, akhund, EMBARGO_ATTR_DOB, "", "1950"));
    /* 2104 / 2104a: entity and its a.k.a. */
    uint32_t modafl = find(&d, "au_dfat-2104");
    embargo_db_entity(d.db, modafl, &e);
    assert_int_equal(e.schema, EMBARGO_ORGANIZATION);
    assert_true(has_name(&d, modafl, EMBARGO_NAME_ALIAS, "MODAFL"));
    /* serial day 18798 = 1951-06-19; an a)/b) address list */
    uint32_t zawahiri = find(&d, "au_dfat-147");
    assert_true(has_attr(&d, zawahiri, EMBARGO_ATTR_DOB, "", "1951-06-19"));
    uint32_t r142 = find(&d, "au_dfat-142");
    assert_true(has_attr(&d, r142, EMBARGO_ATTR_ADDRESS, "", "Puli Charkhi Area, District Number 9, Kabul City, Kabul Province"));
    embargo_db_free(d.db);
}

static void ofsi_csv_excerpt(void **state)
{
    (void)state;
    loaded d;
    load(&d, "uk_ofsi_2018", "auto", fixture("ofsi_conlist_2018.excerpt.csv"));
    assert_string_equal(d.si.format, "ofsi_csv");
    /* 40 rows of 4 groups */
    assert_int_equal(d.si.records, 4);
    assert_int_equal(d.si.skipped, 0);
    assert_string_equal(d.si.as_of, "2018-04-13");
    uint32_t q = find(&d, "uk_ofsi_2018-13349");
    embargo_entity e;
    embargo_db_entity(d.db, q, &e);
    assert_string_equal(e.name, "Nayef Salam Muhammad Ujaym AL-HABABI");
    assert_true(has_name(&d, q, EMBARGO_NAME_ALIAS, "Sheikh Farooq AL-QAHTANI"));
    assert_true(has_attr(&d, q, EMBARGO_ATTR_CROSSREF, "UN Ref", "QDe.004"));
    assert_true(has_attr(&d, q, EMBARGO_ATTR_DOB, "", "1980"));
    assert_true(has_attr(&d, q, EMBARGO_ATTR_NATIONALITY, "", "Qatar"));
    uint32_t aqap = find(&d, "uk_ofsi_2018-11044");
    assert_true(has_name(&d, aqap, EMBARGO_NAME_FORMER, "AL-QAIDA IN YEMEN (AQY)"));
    /* Windows-1252 quotes became UTF-8 */
    uint32_t h = find(&d, "uk_ofsi_2018-13458");
    assert_true(has_attr(&d, h, EMBARGO_ATTR_REMARK, "", "\xe2\x80\x98PK5\xe2\x80\x99"));
    embargo_db_free(d.db);
}

static void fcdo_ods_excerpt(void **state)
{
    (void)state;
    loaded d;
    load(&d, "uk_fcdo", "auto", fixture("fcdo_sl.excerpt.ods"));
    assert_string_equal(d.si.format, "fcdo_ods");
    /* 801 designations, two of them (BEL0174, RUS1467) without a name */
    assert_int_equal(d.si.records + d.si.skipped, 801);
    assert_int_equal(d.si.skipped, 2);
    assert_string_equal(d.si.as_of, "2025-07-07");
    uint32_t p = find(&d, "uk_fcdo-RUS1068");
    embargo_entity e;
    embargo_db_entity(d.db, p, &e);
    assert_string_equal(e.name, "PANTUS Dmitry Aleksandrovich");
    assert_int_equal(e.schema, EMBARGO_PERSON);
    assert_true(has_attr(&d, p, EMBARGO_ATTR_CROSSREF, "OFSI Group ID", "15011"));
    assert_true(has_attr(&d, p, EMBARGO_ATTR_CROSSREF, "UK Sanctions List Ref", "RUS1068"));
    assert_true(has_attr(&d, p, EMBARGO_ATTR_LISTED_ON, "", "2022-03-24"));
    assert_true(has_attr(&d, p, EMBARGO_ATTR_PROGRAM, "", "Russia"));
    uint32_t a = find(&d, "uk_fcdo-AFG0001");
    embargo_db_entity(d.db, a, &e);
    assert_int_equal(e.schema, EMBARGO_ORGANIZATION);
    assert_string_equal(e.name, "HAJI KHAIRULLAH HAJI SATTAR MONEY EXCHANGE");
    embargo_db_free(d.db);
}

static void header_missing_column(void **state)
{
    (void)state;
    const char text[] = "Last Updated,13/04/2018\nName 6,Name 1,Alias Type,Group ID\nX,Y,AKA,1\n";
    const char *p = tempfile_with(text, sizeof text - 1, ".csv");
    embargo_loader *l;
    embargo_loader_new(&l);
    embargo_error err = {0};
    assert_int_equal(embargo_loader_add_source(l, "x", "ofsi_csv", &p, 1, NULL, &err), EMBARGO_EPARSE);
    assert_string_equal(err.field, "Group Type");
    assert_int_equal(err.line, 2);
    embargo_loader_free(l);
    unlink(p);
}

/* The shipped manifest entries: checksums match, as-of dates as stated. */
static void manifest_entries(void **state)
{
    (void)state;
    embargo_loader *l;
    embargo_loader_new(&l);
    embargo_error err = {0};
    int rc = embargo_loader_add_manifest(l, getenv("EMBARGO_DATA") ? getenv("EMBARGO_DATA") : "data", "uk_ofsi,au_dfat", &err);
    if (rc) fprintf(stderr, "%s\n", err.msg);
    assert_int_equal(rc, 0);
    embargo_db *db;
    assert_int_equal(embargo_loader_finish(&db, l, &err), 0);
    embargo_loader_free(l);
    assert_int_equal(embargo_db_source_count(db), 2);
    for (size_t i = 0; i < 2; i++) {
        embargo_source_info si;
        embargo_db_source(db, i, &si);
        if (!strcmp(si.id, "uk_ofsi")) {
            assert_string_equal(si.format, "ofsi_xlsx");
            assert_string_equal(si.as_of, "2025-04-14");
            assert_int_equal(si.records, 4688);
        } else {
            assert_string_equal(si.id, "au_dfat");
            assert_string_equal(si.format, "dfat_xlsx");
            assert_string_equal(si.as_of, "2024-11-11");
            assert_int_equal(si.records, 3062);
        }
    }
    /* PANTUS is on both lists with the same date of birth */
    uint32_t a, b;
    assert_int_equal(embargo_db_find(db, "uk_ofsi-15011", &a), 0);
    assert_int_equal(embargo_db_find(db, "au_dfat-6663", &b), 0);
    embargo_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xlsx_rows_ofsi),
        cmocka_unit_test(xlsx_rows_dfat),
        cmocka_unit_test(ods_rows_real_excerpt),
        cmocka_unit_test(ods_repeats_and_text),
        cmocka_unit_test(xlsx_inline_and_escapes),
        cmocka_unit_test(broken_files),
        cmocka_unit_test(items_split),
        cmocka_unit_test(ofsi_xlsx_full),
        cmocka_unit_test(dfat_xlsx_full),
        cmocka_unit_test(ofsi_csv_excerpt),
        cmocka_unit_test(fcdo_ods_excerpt),
        cmocka_unit_test(header_missing_column),
        cmocka_unit_test(manifest_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
