/* dates.h - the date notations of the lists, to ISO YYYY[-MM[-DD]]. */
#ifndef EMB_DATES_H
#define EMB_DATES_H
#include <stddef.h>

/* Parses one date: "1982-09-06", "1982-09", "1982", "06 Sep 1982",
 * "6 September 1982", "Sep 1982", "06/09/1982" and "06-09-1982" and
 * "06.09.1982" (day first), "00/09/1982" and "00/00/1982" (unknown parts), a
 * leading "circa"/"c."/"approximately"/"about".  Writes out[11] and returns
 * its length (4, 7 or 10), or 0 if it is not a date. */
size_t emb_date_parse(const char *in, char out[11]);
/* Month-first "09/06/1982" (OFAC XML's Publish_Date). */
size_t emb_date_parse_mdy(const char *in, char out[11]);
/* Excel serial day number (1900 system) to YYYY-MM-DD; 0 if out of range. */
size_t emb_date_from_excel(double serial, char out[11]);
/* Parses a date or a year range ("1960 to 1962", "between 1960 and 1962",
 * "1960-1962"): up to max dates into out; ranges of at most 10 years expand to
 * every year, longer ones to their two ends.  Returns the count (0: none). */
size_t emb_date_parse_range(const char *in, char out[][11], size_t max);

#endif
