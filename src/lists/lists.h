/* lists.h - parsers of the official list formats (one file per format).
 * Each takes the emb_source it fills (model/model.h) and the file paths;
 * see emb_parse_fn for the contract. */
#ifndef EMB_LISTS_H
#define EMB_LISTS_H
#include <stddef.h>
#include "model/model.h"

/* Runs parse_one on each path in turn, stopping at the first error: the
 * multi-file entry point of the single-file parsers. */
int emb_parse_each(emb_source *s, const char *const *paths, size_t n, embargo_error *err,
                   int (*parse_one)(emb_source *s, const char *path, embargo_error *err));

int emb_sniff_contains(const unsigned char *head, size_t n, const char *needle);
int emb_path_endswith(const char *path, const char *suffix);

/* OFAC legacy CSV: paths are the primary file (sdn.csv / cons_prim.csv) and
 * optionally alt, add and comments files (recognized by name). */
int emb_parse_ofac_csv(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_ofac_csv(const char *path, const unsigned char *head, size_t n);

int emb_parse_un_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_un_xml(const char *path, const unsigned char *head, size_t n);

int emb_parse_os_csv(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_os_csv(const char *path, const unsigned char *head, size_t n);

int emb_parse_sema_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_sema_xml(const char *path, const unsigned char *head, size_t n);

int emb_parse_fcdo_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_fcdo_xml(const char *path, const unsigned char *head, size_t n);

int emb_parse_ofac_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_ofac_xml(const char *path, const unsigned char *head, size_t n);

int emb_parse_ofac_enhanced_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_ofac_enhanced_xml(const char *path, const unsigned char *head, size_t n);

int emb_parse_eu_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_eu_xml(const char *path, const unsigned char *head, size_t n);

int emb_parse_csl_csv(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_csl_csv(const char *path, const unsigned char *head, size_t n);

int emb_parse_ftm_json(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_ftm_json(const char *path, const unsigned char *head, size_t n);
/* Spreadsheet lists (read with lists/sheet.h). */
int emb_parse_ofsi_xlsx(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_ofsi_xlsx(const char *path, const unsigned char *head, size_t n);
int emb_parse_ofsi_csv(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_ofsi_csv(const char *path, const unsigned char *head, size_t n);
int emb_parse_dfat_xlsx(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_dfat_xlsx(const char *path, const unsigned char *head, size_t n);
int emb_parse_fcdo_ods(emb_source *s, const char *const *paths, size_t n, embargo_error *err);
int emb_sniff_fcdo_ods(const char *path, const unsigned char *head, size_t n);

#endif
