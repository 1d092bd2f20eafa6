/* fuzz_ofac_xml.c - fuzz target for the "ofac_xml" list parser: the input bytes are
 * written to a temp file and parsed; any result is fine, crashes and
 * sanitizer reports are not. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parse_as("ofac_xml", data, size);
}
