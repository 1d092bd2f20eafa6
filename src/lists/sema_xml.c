/* sema_xml.c - Canada's Consolidated Canadian Autonomous Sanctions List
 * (Special Economic Measures Act), XML: root <data-set>, flat <record>s with
 * Country (the regime, bilingual: "Syria / Syrie"), Entity or
 * LastName + GivenName, Aliases (one comma-joined text), Title, DateOfBirth,
 * Schedule, Item.  The newer schema renames fields (EntityOrShip,
 * TitleOrShip, DateOfBirthOrShipBuildDate) and adds DateOfListing and
 * ShipIMONumber; both are read.
 *
 * The file has no record id: Country + Schedule + Item identify an entry in
 * the regulations, so the source id is "<Country>:<Schedule>:<Item>" with the
 * English half of the country, or its abbreviation when it ends with one
 * ("Syria:2:60", "JVCFOR:1:54"; "Venezuela::55" when there is no schedule).  The file states no date: the as-of date comes from the
 * manifest. */
#include "lists/dates.h"
#include "lists/lists.h"
#include "lists/listutil.h"
#include "lists/xdom.h"
#include "util/error.h"
#include "util/file.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int emb_sniff_sema_xml(const char *path, const unsigned char *head, size_t n)
{
    (void)path;
    return emb_sniff_contains(head, n, "<data-set") && emb_sniff_contains(head, n, "<record>");
}

static int has_space(const char *s)
{
    for (; *s; s++)
        if (isspace((unsigned char)*s)) return 1;
    return 0;
}

/* Aliases of persons are often variants of one part of the name ("Andrei"
 * for "Andrey Vladimirovich CHEREZOV", "PASHENKO" for "PASHCHENKO").  Such a
 * one-word alias is completed with the rest of the listed name (a word in
 * capitals replaces the surname, as the list writes surnames in capitals;
 * any other replaces the first given name) and also kept alone as a weak
 * alias, since some are noms de guerre ("Motorola"). */
static int person_alias(emb_source *s, uint32_t h, emb_xs *xs, const char *alias, const char *given,
                        const char *last)
{
    if (has_space(alias) || !*given || !*last) return emb_name_add(s, h, alias, EMBARGO_NAME_ALIAS);
    int upper = 1, letters = 0;
    for (const char *p = alias; *p; p++) {
        if (islower((unsigned char)*p)) upper = 0;
        if (isalpha((unsigned char)*p)) letters++;
    }
    const char *full;
    if (upper && letters > 1) {
        full = emb_xs_fmt(xs, "%s %s", given, alias);
    } else {
        const char *rest = given;
        while (*rest && !isspace((unsigned char)*rest)) rest++;
        full = emb_xs_fmt(xs, "%s%s %s", alias, rest, last);
    }
    int rc = emb_name_add(s, h, full, EMBARGO_NAME_ALIAS);
    if (!rc) rc = emb_name_add(s, h, alias, EMBARGO_NAME_WEAK_ALIAS);
    return rc;
}

/* Splits the comma-joined Aliases text. */
static int add_aliases(emb_source *s, uint32_t h, emb_xs *xs, const char *text, int person,
                       const char *given, const char *last)
{
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *part = emb_strndup(p, n);
        if (!part) return EMBARGO_ENOMEM;
        emb_trim(part);
        int rc = 0;
        if (*part) rc = person ? person_alias(s, h, xs, part, given, last) : emb_name_add(s, h, part, EMBARGO_NAME_ALIAS);
        free(part);
        if (rc) return rc;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

static int parse_record(emb_source *s, const char *path, xmlNodePtr rec, emb_xs *xs, embargo_error *err)
{
    const char *country = emb_xs_child(xs, rec, "Country");
    const char *schedule = emb_xs_child(xs, rec, "Schedule");
    const char *item = emb_xs_child(xs, rec, "Item");
    const char *last = emb_xs_child(xs, rec, "LastName");
    const char *given = emb_xs_child(xs, rec, "GivenName");
    const char *entity = emb_xs_child(xs, rec, "Entity");
    if (!*entity) entity = emb_xs_child(xs, rec, "EntityOrShip");
    const char *title = emb_xs_child(xs, rec, "Title");
    const char *title_or_ship = emb_xs_child(xs, rec, "TitleOrShip");
    const char *dob = emb_xs_child(xs, rec, "DateOfBirth");
    if (!*dob) dob = emb_xs_child(xs, rec, "DateOfBirthOrShipBuildDate");
    const char *imo = emb_xs_child(xs, rec, "ShipIMONumber");
    const char *listed = emb_xs_child(xs, rec, "DateOfListing");
    const char *aliases = emb_xs_child(xs, rec, "Aliases");
    unsigned long line = emb_xml_line(rec);

    if (!*country && !*item) {
        emb_source_skip(s, "record without country and item");
        return 0;
    }
    /* "Syria / Syrie" -> "Syria" for the id; the program keeps both */
    const char *slash = strstr(country, " / ");
    const char *cid = slash ? emb_xs_fmt(xs, "%.*s", (int)(slash - country), country) : country;
    /* "Justice for Victims of ... Regulations (JVCFOR)" -> "JVCFOR" */
    size_t cl = strlen(cid);
    const char *open = strrchr(cid, '(');
    if (cl > 2 && cid[cl - 1] == ')' && open && open + 1 < cid + cl - 1)
        cid = emb_xs_fmt(xs, "%.*s", (int)(cid + cl - 1 - open - 1), open + 1);
    const char *id = emb_xs_fmt(xs, "%s:%s:%s", cid, schedule, item);

    int person = *last || *given;
    int ship = !person && *imo;
    if (!person && !ship && !*entity && *title_or_ship) ship = 1; /* newer schema: ship name only */
    embargo_schema schema = person ? EMBARGO_PERSON : ship ? EMBARGO_VESSEL : EMBARGO_ORGANIZATION;
    uint32_t h;
    int rc = emb_source_entity(s, id, schema, 0, &h);
    if (rc == EMBARGO_EPARSE) {
        /* Country + Schedule + Item must name one entry; keep the second
         * one under a distinct id rather than lose a listed party. */
        for (int k = 2; k < 100 && rc == EMBARGO_EPARSE; k++)
            rc = emb_source_entity(s, emb_xs_fmt(xs, "%s#%d", id, k), schema, 0, &h);
        if (rc == EMBARGO_EPARSE)
            return emb_error_set(err, EMBARGO_EPARSE, path, line, "Item", "duplicate entry %s", id);
    }
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add record %s", id);

    if (person) {
        const char *full = *given && *last ? emb_xs_fmt(xs, "%s %s", given, last) : *last ? last : given;
        rc = emb_name_add(s, h, full, EMBARGO_NAME_PRIMARY);
        if (!rc && *title) rc = emb_source_attr(s, h, EMBARGO_ATTR_TITLE, "", title);
        if (!rc && *title_or_ship) rc = emb_source_attr(s, h, EMBARGO_ATTR_TITLE, "", title_or_ship);
        if (!rc && *dob) {
            /* "1972-08-10 or 1972-08-11" */
            const char *p = dob;
            while (!rc && *p) {
                const char *e = strstr(p, " or ");
                size_t n = e ? (size_t)(e - p) : strlen(p);
                rc = emb_dob_add(s, h, emb_xs_fmt(xs, "%.*s", (int)n, p));
                p = e ? e + 4 : p + n;
            }
        }
    } else {
        rc = emb_name_add(s, h, *entity ? entity : title_or_ship, EMBARGO_NAME_PRIMARY);
        if (!rc && ship && *entity && *title_or_ship)
            rc = emb_name_add(s, h, title_or_ship, EMBARGO_NAME_ALIAS);
        else if (!rc && !ship && *title_or_ship)
            rc = emb_source_attr(s, h, EMBARGO_ATTR_TITLE, "", title_or_ship);
        if (!rc && *imo) {
            const char *v = imo;
            if (emb_istarts(v, "IMO")) v += 3;
            while (*v == ' ' || *v == ':') v++;
            rc = emb_source_attr(s, h, EMBARGO_ATTR_ID, "IMO", v);
        }
        if (!rc && ship && *dob) rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "", emb_xs_fmt(xs, "Build date: %s", dob));
    }
    if (!rc && *aliases) rc = add_aliases(s, h, xs, aliases, person, given, last);
    if (!rc && *country) rc = emb_source_attr(s, h, EMBARGO_ATTR_PROGRAM, "", country);
    if (!rc && (*schedule || *item))
        rc = emb_source_attr(s, h, EMBARGO_ATTR_REMARK, "",
                             *schedule ? emb_xs_fmt(xs, "Schedule %s, Item %s", schedule, item) : emb_xs_fmt(xs, "Item %s", item));
    if (!rc && *listed) {
        char iso[11];
        if (emb_date_parse(listed, iso)) rc = emb_source_attr(s, h, EMBARGO_ATTR_LISTED_ON, "", iso);
    }
    if (!rc && xs->oom) rc = EMBARGO_ENOMEM;
    if (rc) return emb_error_set(err, rc, path, line, NULL, "cannot add record %s", id);
    return 0;
}

static int parse_one(emb_source *s, const char *path, embargo_error *err)
{
    xmlDocPtr doc;
    xmlNodePtr root;
    int rc = emb_xml_load_root(&doc, &root, path, "data-set", "Canada SEMA list", err);
    if (rc) return rc;
    emb_xs xs = {0};
    EMB_XML_EACH(rec, root, "record") {
        rc = parse_record(s, path, rec, &xs, err);
        emb_xs_reset(&xs);
        if (rc) break;
    }
    emb_xs_free(&xs);
    xmlFreeDoc(doc);
    return rc;
}

int emb_parse_sema_xml(emb_source *s, const char *const *paths, size_t n, embargo_error *err)
{
    return emb_parse_each(s, paths, n, err, parse_one);
}
