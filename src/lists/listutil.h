/* listutil.h - small helpers shared by the parsers of the official lists:
 * script detection for ORIGINAL names, dates of birth, multi-valued fields,
 * and OFAC's typed "id"/"feature" values (used by the OFAC XML, OFAC
 * Enhanced XML and trade.gov CSL parsers, which carry the same types). */
#ifndef EMB_LISTUTIL_H
#define EMB_LISTUTIL_H
#include <stddef.h>
#include <stdint.h>
#include "model/model.h"

/* Nonzero if the UTF-8 text has a letter outside the Latin script (Cyrillic,
 * Arabic, CJK...): such names are added as EMBARGO_NAME_ORIGINAL. */
int emb_text_non_latin(const char *s);
/* Adds a name; an alias in a non-Latin script becomes ORIGINAL. */
int emb_name_add(emb_source *s, uint32_t h, const char *value, embargo_name_kind kind);
/* Adds every date found in `text` (a date, or a year range) as DOB.  Text
 * that is not a date is kept as a REMARK "Date of birth: <text>" so that it is
 * not lost.  "dd"/"mm" placeholders ("dd/mm/1968") count as unknown parts. */
int emb_dob_add(emb_source *s, uint32_t h, const char *text);
/* Splits `text` on `sep` (a string such as "; "), trims each part, adds each
 * non-empty part as an attribute. */
int emb_attr_split(emb_source *s, uint32_t h, embargo_attr_kind kind, const char *type,
                   const char *text, const char *sep);
/* Same for names (through emb_name_add). */
int emb_name_split(emb_source *s, uint32_t h, const char *text, const char *sep,
                   embargo_name_kind kind);
/* "M", "Male", "male", "F", "Female" -> "male"/"female"; NULL otherwise. */
const char *emb_gender_norm(const char *v);

/* Case-insensitive ASCII substring test. */
int emb_icontains(const char *hay, const char *needle);

/* What an OFAC id/feature type means. */
typedef enum emb_ofac_kind {
    EMB_OFAC_ID = 0,     /* an identifier: EMBARGO_ATTR_ID */
    EMB_OFAC_REMARK,     /* sanctions information, contact data, dates... */
    EMB_OFAC_GENDER,
    EMB_OFAC_IMO,        /* "Vessel Registration Identification": IMO nnnnnnn */
    EMB_OFAC_COUNTRY,    /* "Nationality of Registration" */
    EMB_OFAC_NATIONALITY,
    EMB_OFAC_CITIZENSHIP,
    EMB_OFAC_DOB,
    EMB_OFAC_POB
} emb_ofac_kind;

/* Classifies an OFAC idType / feature type ("Passport", "Tax ID No.",
 * "Secondary sanctions risk:", "Gender", ...). */
emb_ofac_kind emb_ofac_classify(const char *type);
/* Adds one OFAC typed value to the entity according to its class:
 * identifiers under a canonical type ("Tax ID No." -> "Tax ID"), IMO numbers
 * as digits, everything else as a REMARK "<type> <value>". */
int emb_ofac_add(emb_source *s, uint32_t h, const char *type, const char *value);

#endif
