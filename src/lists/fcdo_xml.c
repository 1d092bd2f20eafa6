/* fcdo_xml.c - the UK Sanctions List (FCDO) XML: root <Designations> with a
 * <DateGenerated> (dd/mm/yyyy, the as-of date) and one <Designation> per
 * listed person, entity or ship.  UniqueID is the source id (a designation
 * without one is skipped); OFSIGroupID and UNReferenceNumber are kept as
 * cross-references so that the same party on the OFSI and UN lists links up.
 * Names are split into Name1..Name6 (Name6 is the surname or the whole name
 * of an entity or ship), with NameType Primary Name / Alias and AliasStrength
 * ("Low quality a.k.a" is a weak alias); the casing of these values varies in
 * production data, so they are compared case-insensitively. */
#include "lists/dates.h"
#include "lists/lists.h"
#include "lists/listutil.h"
#include "lists/xdom.h"
#include "util/error.h"
#include "util/file.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int emb_sniff_fcdo_xml(const char *path, const unsigned char *head, size_t n)
{
    (void)path;
    return emb_sniff_contains(head, n, "<Designations");
}

/* Adds the text of every parent/<list>/<item> element. */
static int add_items(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *parent, const char *list,
                     const char *item, embargo_attr_kind kind, const char *type)
{
    int rc = 0;
    EMB_XML_EACH(l, parent, list) {
        EMB_XML_EACH(it, l, item) {
            const char *v = emb_xs_text(xs, it);
            if (kind == EMBARGO_ATTR_GENDER && !(v = emb_gender_norm(v))) continue;
            if (*v && (rc = kind == EMBARGO_ATTR_DOB ? emb_dob_add(s, h, v) : emb_source_attr(s, h, kind, type, v))) return rc;
        }
    }
    return rc;
}

static int add_names(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *d)
{
    static const char *const parts[] = {"Name1", "Name2", "Name3", "Name4", "Name5", "Name6"};
    int rc = 0;
    EMB_XML_EACH(names, d, "Names") {
        EMB_XML_EACH(nm, names, "Name") {
            const char *full = "";
            for (size_t i = 0; i < 6; i++) {
                const char *p = emb_xs_child(xs, nm, parts[i]);
                if (*p) full = *full ? emb_xs_fmt(xs, "%s %s", full, p) : p;
            }
            if (!*full) continue;
            const char *type = emb_xs_child(xs, nm, "NameType");
            const char *strength = emb_xs_child(xs, nm, "AliasStrength");
            embargo_name_kind kind = EMBARGO_NAME_ALIAS;
            if (emb_istarts(type, "Primary")) kind = EMBARGO_NAME_PRIMARY;
            else if (emb_icontains(type, "former") || emb_icontains(type, "previous") || emb_icontains(type, "f.k.a"))
                kind = EMBARGO_NAME_FORMER;
            else if (emb_istarts(strength, "Low")) kind = EMBARGO_NAME_WEAK_ALIAS;
            if ((rc = emb_name_add(s, h, full, kind))) return rc;
        }
    }
    EMB_XML_EACH(nl, d, "NonLatinNames") {
        EMB_XML_EACH(n, nl, "NonLatinName") {
            const char *v = emb_xs_child(xs, n, "NameNonLatinScript");
            if (*v && (rc = emb_source_name(s, h, v, EMBARGO_NAME_ORIGINAL))) return rc;
        }
    }
    return 0;
}

static int add_addresses(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *d)
{
    static const char *const parts[] = {"AddressLine1", "AddressLine2", "AddressLine3", "AddressLine4",
                                        "AddressLine5", "AddressLine6", "AddressPostalCode", "AddressCountry"};
    int rc = 0;
    EMB_XML_EACH(al, d, "Addresses") {
        EMB_XML_EACH(a, al, "Address") {
            const char *full = "";
            for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
                const char *p = emb_xs_child(xs, a, parts[i]);
                if (*p) full = *full ? emb_xs_fmt(xs, "%s, %s", full, p) : p;
            }
            if (*full && (rc = emb_source_attr(s, h, EMBARGO_ATTR_ADDRESS, "", full))) return rc;
            const char *c = emb_xs_child(xs, a, "AddressCountry");
            if (*c && (rc = emb_source_attr(s, h, EMBARGO_ATTR_COUNTRY, "", c))) return rc;
        }
    }
    return 0;
}

static int add_individual(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *ind)
{
    int rc;
    if ((rc = add_items(s, h, xs, ind, "DOBs", "DOB", EMBARGO_ATTR_DOB, ""))) return rc;
    if ((rc = add_items(s, h, xs, ind, "Nationalities", "Nationality", EMBARGO_ATTR_NATIONALITY, ""))) return rc;
    if ((rc = add_items(s, h, xs, ind, "Positions", "Position", EMBARGO_ATTR_POSITION, ""))) return rc;
    if ((rc = add_items(s, h, xs, ind, "Genders", "Gender", EMBARGO_ATTR_GENDER, ""))) return rc;
    EMB_XML_EACH(pd, ind, "PassportDetails") {
        EMB_XML_EACH(p, pd, "Passport") {
            const char *v = emb_xs_child(xs, p, "PassportNumber");
            if (*v && (rc = emb_source_attr(s, h, EMBARGO_ATTR_ID, "Passport", v))) return rc;
        }
    }
    EMB_XML_EACH(nd, ind, "NationalIdentifierDetails") {
        EMB_XML_EACH(p, nd, "NationalIdentifier") {
            const char *v = emb_xs_child(xs, p, "NationalIdentifierNumber");
            if (*v && (rc = emb_source_attr(s, h, EMBARGO_ATTR_ID, "National ID", v))) return rc;
        }
    }
    EMB_XML_EACH(bd, ind, "BirthDetails") {
        EMB_XML_EACH(loc, bd, "Location") {
            const char *town = emb_xs_child(xs, loc, "TownOfBirth");
            const char *country = emb_xs_child(xs, loc, "CountryOfBirth");
            const char *v = *town && *country ? emb_xs_fmt(xs, "%s, %s", town, country) : *town ? town : country;
            if (*v && (rc = emb_source_attr(s, h, EMBARGO_ATTR_POB, "", v))) return rc;
        }
    }
    return 0;
}

static int add_entity(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *ent)
{
    int rc;
    if ((rc = add_items(s, h, xs, ent, "TypeOfEntities", "TypeOfEntity", EMBARGO_ATTR_REMARK, ""))) return rc;
    if ((rc = add_items(s, h, xs, ent, "BusinessRegistrationNumbers", "BusinessRegistrationNumber",
                        EMBARGO_ATTR_ID, "Registration Number"))) return rc;
    return 0;
}

static int add_ship(emb_source *s, uint32_t h, emb_xs *xs, const xmlNode *ship)
{
    int rc = 0;
    EMB_XML_EACH(l, ship, "IMONumbers") {
        EMB_XML_EACH(it, l, "IMONumber") {
            const char *v = emb_xs_text(xs, it);
            if (emb_istarts(v, "IMO")) v += 3;
            while (*v == ' ' || *v == ':') v++;
            if (*v && (rc = emb_source_attr(s, h, EMBARGO_ATTR_ID, "IMO", v))) return rc;
        }
    }
    if ((rc = add_items(s, h, xs, ship, "HullIdentificationNumbers", "HullIdentificationNumber",
                        EMBARGO_ATTR_ID, "Hull Identification Number"))) return rc;
    if ((rc = add_items(s, h, xs, ship, "CurrentBelievedFlagOfShips", "CurrentBelievedFlagOfShip",
                        EMBARGO_ATTR_COUNTRY, ""))) return rc;
    if ((rc = add_items(s, h, xs, ship, "TypeOfShipDetails", "TypeOfShip", EMBARGO_ATTR_REMARK, ""))) return rc;
    return 0;
}

static int parse_designation(emb_source *s, const char *path, xmlNodePtr d, emb_xs *xs, embargo_error *err)
{
    unsigned long line = emb_xml_line(d);
    const char *uid = emb_xs_child(xs, d, "UniqueID");
    if (!*uid) {
        emb_source_skip(s, "designation without UniqueID");
        return 0;
    }
    const char *type = emb_xs_child(xs, d, "IndividualEntityShip");
    embargo_schema schema = !strcasecmp(type, "Individual") ? EMBARGO_PERSON
                          : !strcasecmp(type, "Ship") ? EMBARGO_VESSEL
                          : !strcasecmp(type, "Entity") ? EMBARGO_ORGANIZATION : EMBARGO_SCHEMA_UNKNOWN;
    uint32_t h;
    int rc = emb_source_entity(s, uid, schema, 0, &h);
    if (rc == EMBARGO_EPARSE) return emb_error_set(err, rc, path, line, "UniqueID", "duplicate UniqueID '%s'", uid);
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add designation %s", uid);

    const char *v;
    rc = add_names(s, h, xs, d);
    if (!rc && *(v = emb_xs_child(xs, d, "OFSIGroupID"))) rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "OFSI Group ID", v);
    if (!rc && *(v = emb_xs_child(xs, d, "UNReferenceNumber"))) rc = emb_source_attr(s, h, EMBARGO_ATTR_CROSSREF, "UN Reference Number", v);
    if (!rc) rc = add_items(s, h, xs, d, "Titles", "Title", EMBARGO_ATTR_TITLE, "");
    if (!rc && *(v = emb_xs_child(xs, d, "RegimeName"))) rc = emb_source_attr(s, h, EMBARGO_ATTR_PROGRAM, "", v);
    if (!rc && *(v = emb_xs_child(xs, d, "DateDesignated"))) {
        char iso[11];
        if (emb_date_parse(v, iso)) rc = emb_source_attr(s, h, EMBARGO_ATTR_LISTED_ON, "", iso);
    }
    if (!rc && *(v = emb_xs_child(xs, d, "SanctionsImposed")))
        rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", emb_xs_fmt(xs, "Sanctions imposed: %s", v));
    if (!rc && *(v = emb_xs_child(xs, d, "OtherInformation"))) rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", v);
    if (!rc && *(v = emb_xs_child(xs, d, "UKStatementofReasons"))) rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", v);
    if (!rc) rc = add_addresses(s, h, xs, d);
    EMB_XML_EACH(idl, d, "IndividualDetails") {
        EMB_XML_EACH(ind, idl, "Individual") if (!rc) rc = add_individual(s, h, xs, ind);
    }
    EMB_XML_EACH(edl, d, "EntityDetails") {
        EMB_XML_EACH(ent, edl, "Entity") if (!rc) rc = add_entity(s, h, xs, ent);
    }
    EMB_XML_EACH(sdl, d, "ShipDetails") {
        EMB_XML_EACH(ship, sdl, "Ship") if (!rc) rc = add_ship(s, h, xs, ship);
    }
    if (!rc && xs->oom) rc = EMBARGO_ENOMEM;
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add designation %s", uid);
    return 0;
}

static int parse_one(emb_source *s, const char *path, embargo_error *err)
{
    xmlDocPtr doc;
    xmlNodePtr root;
    int rc = emb_xml_load_root(&doc, &root, path, "Designations", "UK Sanctions List XML", err);
    if (rc) return rc;
    emb_xs xs = {0};
    const char *gen = emb_xs_child(&xs, root, "DateGenerated");
    char iso[11];
    if (*gen && emb_date_parse(gen, iso) == 10) emb_source_set_as_of(s, iso);
    emb_xs_reset(&xs);
    EMB_XML_EACH(d, root, "Designation") {
        rc = parse_designation(s, path, d, &xs, err);
        emb_xs_reset(&xs);
        if (rc) break;
    }
    emb_xs_free(&xs);
    xmlFreeDoc(doc);
    return rc;
}

int emb_parse_fcdo_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    return emb_parse_each(s, paths, n, err, parse_one);
}
