/* ofac_xml.c - OFAC's "sdnList" XML (SDN list and the consolidated non-SDN
 * list share it).  Elements are in OFAC's default namespace and are matched
 * by local name.  publshInformation/Publish_Date (OFAC's spelling;
 * mm/dd/yyyy) is the as-of date.  Each sdnEntry's uid is the source id; names
 * are written "LAST, First" as in OFAC's CSV files so that both formats give
 * the same names; akas are strong (ALIAS) or weak (WEAK_ALIAS), f.k.a. ones
 * FORMER.  idList entries go through the OFAC type classifier (listutil.h):
 * real identifiers become ID attrs, sanctions information becomes REMARKs. */
#include "lists/dates.h"
#include "lists/lists.h"
#include "lists/listutil.h"
#include "lists/xdom.h"
#include "util/error.h"
#include "util/file.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int emb_sniff_ofac_xml(const char *path, const unsigned char *head, size_t n)
{
    (void)path;
    return emb_sniff_contains(head, n, "<sdnList");
}

static const char *full_name(emb_xs *xs, const xmlNode *n)
{
    const char *first = emb_xs_child(xs, n, "firstName");
    const char *last = emb_xs_child(xs, n, "lastName");
    if (*first && *last) return emb_xs_fmt(xs, "%s, %s", last, first);
    return *last ? last : first;
}

static int add_list(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *e, const char *list,
                    const char *item, const char *field, embargo_attr_kind kind)
{
    int rc = 0;
    EMB_XML_EACH(l, e, list) {
        EMB_XML_EACH(it, l, item) {
            const char *v = emb_xs_child(xs, it, field);
            if (!*v) continue;
            rc = kind == EMBARGO_ATTR_DOB ? emb_dob_add(s, h, v) : emb_source_attr(s, h, kind, "", v);
            if (rc) return rc;
        }
    }
    return 0;
}

static int add_entry_details(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *e)
{
    int rc = 0;
    const char *v;
    if (*(v = emb_xs_child(xs, e, "title")) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_TITLE, "", v))) return rc;
    if (*(v = emb_xs_child(xs, e, "remarks")) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", v))) return rc;
    EMB_XML_EACH(pl, e, "programList") {
        EMB_XML_EACH(p, pl, "program") {
            if (*(v = emb_xs_text(xs, p)) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_PROGRAM, "", v))) return rc;
        }
    }
    EMB_XML_EACH(al, e, "akaList") {
        EMB_XML_EACH(a, al, "aka") {
            const char *name = full_name(xs, a);
            const char *type = emb_xs_child(xs, a, "type");
            const char *cat = emb_xs_child(xs, a, "category");
            embargo_name_kind kind = !strcasecmp(cat, "weak") ? EMBARGO_NAME_WEAK_ALIAS
                                   : !strcasecmp(type, "f.k.a.") ? EMBARGO_NAME_FORMER : EMBARGO_NAME_ALIAS;
            if ((rc = emb_name_add(s, h, name, kind))) return rc;
        }
    }
    EMB_XML_EACH(il, e, "idList") {
        EMB_XML_EACH(id, il, "id") {
            if ((rc = emb_ofac_add(s, h, emb_xs_child(xs, id, "idType"), emb_xs_child(xs, id, "idNumber")))) return rc;
        }
    }
    EMB_XML_EACH(adl, e, "addressList") {
        EMB_XML_EACH(a, adl, "address") {
            static const char *const parts[] = {"address1", "address2", "address3", "city", "stateOrProvince", "postalCode", "country"};
            const char *full = "";
            for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
                const char *p = emb_xs_child(xs, a, parts[i]);
                if (*p) full = *full ? emb_xs_fmt(xs, "%s, %s", full, p) : p;
            }
            if (*full && (rc = emb_source_attr(s, h, EMBARGO_ATTR_ADDRESS, "", full))) return rc;
            const char *c = emb_xs_child(xs, a, "country");
            if (*c && (rc = emb_source_attr(s, h, EMBARGO_ATTR_COUNTRY, "", c))) return rc;
        }
    }
    if ((rc = add_list(s, h, xs, e, "nationalityList", "nationality", "country", EMBARGO_ATTR_NATIONALITY))) return rc;
    if ((rc = add_list(s, h, xs, e, "citizenshipList", "citizenship", "country", EMBARGO_ATTR_CITIZENSHIP))) return rc;
    if ((rc = add_list(s, h, xs, e, "dateOfBirthList", "dateOfBirthItem", "dateOfBirth", EMBARGO_ATTR_DOB))) return rc;
    if ((rc = add_list(s, h, xs, e, "placeOfBirthList", "placeOfBirthItem", "placeOfBirth", EMBARGO_ATTR_POB))) return rc;
    xmlNodePtr vi = emb_xml_child(e, "vesselInfo");
    if (vi) {
        if (*(v = emb_xs_child(xs, vi, "callSign")) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_ID, "Call Sign", v))) return rc;
        if (*(v = emb_xs_child(xs, vi, "vesselFlag")) && (rc = emb_source_attr(s, h, EMBARGO_ATTR_COUNTRY, "", v))) return rc;
        if (*(v = emb_xs_child(xs, vi, "vesselType")) &&
            (rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", emb_xs_fmt(xs, "Vessel type %s", v)))) return rc;
        if (*(v = emb_xs_child(xs, vi, "vesselOwner")) &&
            (rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", emb_xs_fmt(xs, "Vessel owner %s", v)))) return rc;
    }
    return 0;
}

static embargo_schema sdn_type(const char *t)
{
    if (!strcasecmp(t, "Individual")) return EMBARGO_PERSON;
    if (!strcasecmp(t, "Entity")) return EMBARGO_ORGANIZATION;
    if (!strcasecmp(t, "Vessel")) return EMBARGO_VESSEL;
    if (!strcasecmp(t, "Aircraft")) return EMBARGO_AIRCRAFT;
    return EMBARGO_SCHEMA_UNKNOWN;
}

static int parse_entry(emb_source *s, const char *path, xmlNodePtr e, emb_xs *xs, embargo_error *err)
{
    unsigned long line = emb_xml_line(e);
    const char *uid = emb_xs_child(xs, e, "uid");
    if (!*uid) {
        emb_source_skip(s, "sdnEntry without uid");
        return 0;
    }
    uint32_t h;
    int rc = emb_source_entity(s, uid, sdn_type(emb_xs_child(xs, e, "sdnType")), 0, &h);
    if (rc == EMBARGO_EPARSE) return emb_error_set(err, rc, path, line, "uid", "duplicate uid '%s'", uid);
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add sdnEntry %s", uid);
    rc = emb_name_add(s, h, full_name(xs, e), EMBARGO_NAME_PRIMARY);
    if (!rc) rc = add_entry_details(s, h, xs, e);
    if (!rc && xs->oom) rc = EMBARGO_ENOMEM;
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add sdnEntry %s", uid);
    return 0;
}

static int parse_one(emb_source *s, const char *path, embargo_error *err)
{
    xmlDocPtr doc;
    xmlNodePtr root;
    int rc = emb_xml_load_root(&doc, &root, path, "sdnList", "OFAC XML", err);
    if (rc) return rc;
    emb_xs xs = {0};
    const char *pd = emb_xs_child(&xs, emb_xml_child(root, "publshInformation"), "Publish_Date");
    char iso[11];
    if (*pd && emb_date_parse_mdy(pd, iso) == 10) emb_source_set_as_of(s, iso);
    emb_xs_reset(&xs);
    EMB_XML_EACH(e, root, "sdnEntry") {
        rc = parse_entry(s, path, e, &xs, err);
        emb_xs_reset(&xs);
        if (rc) break;
    }
    emb_xs_free(&xs);
    xmlFreeDoc(doc);
    return rc;
}

int emb_parse_ofac_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    return emb_parse_each(s, paths, n, err, parse_one);
}
