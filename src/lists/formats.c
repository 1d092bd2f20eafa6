/* formats.c - the table of list formats and sniffing by name and content. */
#include "lists/lists.h"
#include "model/model.h"
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const emb_format emb_formats[] = {
    {"os_csv", "OpenSanctions targets.simple.csv (also the custom-list format)", emb_parse_os_csv, emb_sniff_os_csv},
    {"ofac_csv", "OFAC legacy CSV set (sdn.csv/cons_prim.csv + alt, add, comments)", emb_parse_ofac_csv, emb_sniff_ofac_csv},
    {"un_xml", "UN Security Council consolidated list XML", emb_parse_un_xml, emb_sniff_un_xml},
    {"sema_xml", "Canada SEMA consolidated autonomous sanctions list XML (sema-lmes.xml)", emb_parse_sema_xml, emb_sniff_sema_xml},
    {"fcdo_xml", "UK Sanctions List XML (FCDO, Designations)", emb_parse_fcdo_xml, emb_sniff_fcdo_xml},
    {"ofac_xml", "OFAC sdnList XML (SDN or consolidated non-SDN)", emb_parse_ofac_xml, emb_sniff_ofac_xml},
    {"ofac_enhanced_xml", "OFAC Enhanced XML (sanctionsData; .ZIP or .XML)", emb_parse_ofac_enhanced_xml, emb_sniff_ofac_enhanced_xml},
    {"eu_xml", "EU Financial Sanctions Files XML 1.1 (export/sanctionEntity)", emb_parse_eu_xml, emb_sniff_eu_xml},
    {"csl_csv", "US trade.gov Consolidated Screening List CSV (optionally gzipped)", emb_parse_csl_csv, emb_sniff_csl_csv},
    {"ftm_json", "OpenSanctions FollowTheMoney entities, JSON lines", emb_parse_ftm_json, emb_sniff_ftm_json},
    {"ofsi_xlsx", "UK OFSI Consolidated List, ConList.xlsx (36 columns, one row per name, grouped by Group ID)", emb_parse_ofsi_xlsx, emb_sniff_ofsi_xlsx},
    {"ofsi_csv", "UK OFSI Consolidated List, older CSV (29 columns, Windows-1252)", emb_parse_ofsi_csv, emb_sniff_ofsi_csv},
    {"dfat_xlsx", "Australia DFAT Consolidated List, regulation8_consolidated.xlsx", emb_parse_dfat_xlsx, emb_sniff_dfat_xlsx},
    {"fcdo_ods", "UK FCDO UK Sanctions List summary spreadsheet (ODS)", emb_parse_fcdo_ods, emb_sniff_fcdo_ods},
};
const size_t emb_n_formats = sizeof emb_formats / sizeof emb_formats[0];

const emb_format *emb_format_find(const char *name)
{
    for (size_t i = 0; i < emb_n_formats; i++)
        if (strcasecmp(emb_formats[i].name, name) == 0) return &emb_formats[i];
    return NULL;
}

const emb_format *emb_format_sniff(const char *path)
{
    unsigned char head[4096];
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    if (f) { n = fread(head, 1, sizeof head, f); fclose(f); }
    for (size_t i = 0; i < emb_n_formats; i++)
        if (emb_formats[i].sniff && emb_formats[i].sniff(path, head, n)) return &emb_formats[i];
    return NULL;
}

void emb_formats_init(void)
{
    xmlInitParser();
    tzset(); /* libzip's dates read the time zone */
    (void)embargo_formats();
}

const char *embargo_formats(void)
{
    static char buf[1024];
    if (!buf[0]) {
        size_t o = 0;
        for (size_t i = 0; i < emb_n_formats && o < sizeof buf; i++)
            o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? "," : "", emb_formats[i].name);
    }
    return buf;
}

/* Helpers shared by sniffers. */
int emb_sniff_contains(const unsigned char *head, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k > n) return 0;
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(head + i, needle, k) == 0) return 1;
    return 0;
}

int emb_path_endswith(const char *path, const char *suffix)
{
    size_t a = strlen(path), b = strlen(suffix);
    return a >= b && strcasecmp(path + a - b, suffix) == 0;
}

int emb_parse_each(emb_source *s, const char *const *paths, size_t n, embargo_error *err,
                   int (*parse_one)(emb_source *s, const char *path, embargo_error *err))
{
    for (size_t i = 0; i < n; i++) {
        int rc = parse_one(s, paths[i], err);
        if (rc) return rc;
    }
    return 0;
}
